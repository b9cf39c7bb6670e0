package dev.playback.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import dev.playback.infra.LocalInfrastructure;
import dev.playback.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What Strimzi sets up in production before the services start, done on a secured local
 * broker: the suite's topics, and each service's ACLs exactly as deploy/kafka/users.yaml
 * declares them (the test {@code KafkaAccessTest} holds the two together).
 */
public final class KafkaAccess {

	/**
	 * One ACL of deploy/kafka/users.yaml: a service's user may do {@code operations} on
	 * the resource.
	 */
	public record Rule(String user, ResourceType type, String name, PatternType pattern, Set<AclOperation> operations) {
	}

	/** The ACLs of deploy/kafka/users.yaml, in its order. */
	public static final List<Rule> RULES = List.of(
			topic("ingest-api", Topics.HEARTBEATS, AclOperation.WRITE, AclOperation.DESCRIBE),
			topic("session-aggregator", Topics.HEARTBEATS, AclOperation.READ, AclOperation.DESCRIBE),
			topic("session-aggregator", Topics.SESSIONS, AclOperation.WRITE, AclOperation.DESCRIBE),
			topic("session-aggregator", Topics.LATE_HEARTBEATS, AclOperation.WRITE, AclOperation.DESCRIBE),
			topic("session-aggregator", Topics.AGGREGATOR_HEARTBEATS_DEAD_LETTER, AclOperation.WRITE,
					AclOperation.DESCRIBE),
			new Rule("session-aggregator", ResourceType.TOPIC, "session-aggregator-", PatternType.PREFIXED,
					Set.of(AclOperation.ALL)),
			new Rule("session-aggregator", ResourceType.GROUP, "session-aggregator", PatternType.PREFIXED,
					Set.of(AclOperation.READ, AclOperation.DESCRIBE)),
			new Rule("session-aggregator", ResourceType.TRANSACTIONAL_ID, "session-aggregator", PatternType.PREFIXED,
					Set.of(AclOperation.WRITE, AclOperation.DESCRIBE)),
			new Rule("session-aggregator", ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL,
					Set.of(AclOperation.IDEMPOTENT_WRITE, AclOperation.DESCRIBE_CONFIGS)),
			topic("royalty-service", Topics.SESSIONS, AclOperation.READ, AclOperation.DESCRIBE),
			new Rule("royalty-service", ResourceType.GROUP, "royalty-service", PatternType.LITERAL,
					Set.of(AclOperation.READ, AclOperation.DESCRIBE)),
			topic("royalty-service", Topics.ROYALTY_SESSIONS_DEAD_LETTER, AclOperation.WRITE, AclOperation.DESCRIBE),
			topic("ad-metrics-service", Topics.SESSIONS, AclOperation.READ, AclOperation.DESCRIBE),
			new Rule("ad-metrics-service", ResourceType.GROUP, "ad-metrics-service", PatternType.LITERAL,
					Set.of(AclOperation.READ, AclOperation.DESCRIBE)),
			topic("ad-metrics-service", Topics.AD_METRICS_SESSIONS_DEAD_LETTER, AclOperation.WRITE,
					AclOperation.DESCRIBE));

	/** The topics deploy/kafka/topics.yaml declares. */
	public static final List<String> TOPICS = List.of(Topics.HEARTBEATS, Topics.SESSIONS, Topics.LATE_HEARTBEATS,
			Topics.AGGREGATOR_HEARTBEATS_DEAD_LETTER, Topics.ROYALTY_SESSIONS_DEAD_LETTER,
			Topics.AD_METRICS_SESSIONS_DEAD_LETTER);

	private KafkaAccess() {
	}

	/**
	 * Creates the topics and the ACLs on the infrastructure's secured broker, as its
	 * super user.
	 */
	public static void apply(LocalInfrastructure infra) {
		try (Admin admin = Admin.create(infra.kafkaAdminSettings())) {
			Set<String> existing = admin.listTopics().names().get();
			List<NewTopic> topics = TOPICS.stream()
				.filter((name) -> !existing.contains(name))
				.map((name) -> Topics.spec(name).toNewTopic(1))
				.toList();
			admin.createTopics(topics).all().get();
			admin.createAcls(bindings()).all().get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while setting up Kafka access", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not set up Kafka's topics and ACLs", ex.getCause());
		}
	}

	/** The rules as Kafka ACL bindings (allow, from any host, as Strimzi writes them). */
	public static List<AclBinding> bindings() {
		List<AclBinding> bindings = new ArrayList<>();
		for (Rule rule : RULES) {
			for (AclOperation operation : rule.operations()) {
				bindings.add(new AclBinding(new ResourcePattern(rule.type(), rule.name(), rule.pattern()),
						new AccessControlEntry("User:" + rule.user(), "*", operation, AclPermissionType.ALLOW)));
			}
		}
		return bindings;
	}

	/** The rules by user. */
	public static Map<String, List<Rule>> byUser() {
		Map<String, List<Rule>> byUser = new java.util.LinkedHashMap<>();
		RULES.forEach((rule) -> byUser.computeIfAbsent(rule.user(), (user) -> new ArrayList<>()).add(rule));
		return byUser;
	}

	private static Rule topic(String user, String name, AclOperation... operations) {
		return new Rule(user, ResourceType.TOPIC, name, PatternType.LITERAL, Set.of(operations));
	}

}
