package dev.playback.localstack;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.playback.infra.LocalInfrastructure;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local stack's Kafka access is production's: the ACLs and topics {@link KafkaAccess}
 * sets up are those of deploy/kafka, read from its YAML, and the users are the services'.
 */
class KafkaAccessTest {

	private static final Path DEPLOY = Path.of("..", "deploy", "kafka");

	@Test
	void theAclsAreThoseOfDeployKafkaUsersYaml() throws IOException {
		List<KafkaAccess.Rule> declared = new ArrayList<>();
		for (Map<String, Object> user : documents("users.yaml", "KafkaUser")) {
			String name = (String) map(user, "metadata").get("name");
			Map<String, Object> authorization = map(map(user, "spec"), "authorization");
			for (Object item : (List<?>) authorization.get("acls")) {
				Map<String, Object> acl = cast(item);
				Map<String, Object> resource = map(acl, "resource");
				ResourceType type = switch ((String) resource.get("type")) {
					case "topic" -> ResourceType.TOPIC;
					case "group" -> ResourceType.GROUP;
					case "transactionalId" -> ResourceType.TRANSACTIONAL_ID;
					case "cluster" -> ResourceType.CLUSTER;
					default -> throw new IllegalStateException("resource type " + resource.get("type"));
				};
				String resourceName = (type == ResourceType.CLUSTER) ? "kafka-cluster" : (String) resource.get("name");
				PatternType pattern = "prefix".equals(resource.get("patternType")) ? PatternType.PREFIXED
						: PatternType.LITERAL;
				Set<AclOperation> operations = new LinkedHashSet<>();
				for (Object operation : (List<?>) acl.get("operations")) {
					operations.add(AclOperation.fromString(
							((String) operation).replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT)));
				}
				assertThat(operations).as("%s %s", name, resourceName).doesNotContain(AclOperation.UNKNOWN);
				declared.add(new KafkaAccess.Rule(name, type, resourceName, pattern, operations));
			}
		}
		assertThat(KafkaAccess.RULES).containsExactlyElementsOf(declared);
		assertThat(KafkaAccess.byUser().keySet())
			.containsExactlyInAnyOrderElementsOf(LocalInfrastructure.SERVICE_USERS.values());
	}

	@Test
	void theTopicsAreThoseOfDeployKafkaTopicsYaml() throws IOException {
		List<String> declared = documents("topics.yaml", "KafkaTopic").stream()
			.map((topic) -> (String) map(topic, "metadata").get("name"))
			.toList();
		assertThat(KafkaAccess.TOPICS).containsExactlyInAnyOrderElementsOf(declared);
	}

	private static List<Map<String, Object>> documents(String file, String kind) throws IOException {
		List<Map<String, Object>> documents = new ArrayList<>();
		try (Reader reader = Files.newBufferedReader(DEPLOY.resolve(file))) {
			for (Object document : new Yaml().loadAll(reader)) {
				Map<String, Object> map = cast(document);
				if (map != null && kind.equals(map.get("kind"))) {
					documents.add(map);
				}
			}
		}
		assertThat(documents).as(file).isNotEmpty();
		return documents;
	}

	private static Map<String, Object> map(Map<String, Object> parent, String key) {
		return cast(parent.get(key));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> cast(Object value) {
		return (Map<String, Object>) value;
	}

}
