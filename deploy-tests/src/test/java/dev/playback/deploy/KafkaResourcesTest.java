package dev.playback.deploy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.playback.schemas.Topics;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Strimzi resources under deploy/kafka, held to the topics the code declares. */
class KafkaResourcesTest {

	static final Path KAFKA = Path.of("..", "deploy", "kafka");

	@Test
	void everyTopicOfTheCodeIsDeclaredWithItsLayoutReplicatedThreeTimes() throws Exception {
		Map<String, GenericKubernetesResource> topics = new java.util.HashMap<>();
		resources("topics.yaml").forEach((topic) -> topics.put(topic.getMetadata().getName(), topic));
		assertThat(topics.keySet())
			.containsExactlyInAnyOrderElementsOf(Topics.all().stream().map(Topics.Spec::name).toList());
		for (Topics.Spec spec : Topics.all()) {
			Map<String, Object> topic = topics.get(spec.name()).getAdditionalProperties();
			@SuppressWarnings("unchecked")
			Map<String, Object> specOf = (Map<String, Object>) topic.get("spec");
			@SuppressWarnings("unchecked")
			Map<String, Object> config = (Map<String, Object>) specOf.get("config");
			if (spec.name().equals(Topics.HEARTBEATS)) {
				// sized for the peak, a multiple of the local layout
				assertThat((Integer) specOf.get("partitions")).as(spec.name())
					.isGreaterThanOrEqualTo(spec.partitions())
					.satisfies((partitions) -> assertThat(partitions % spec.partitions()).isZero());
			}
			else {
				assertThat(specOf.get("partitions")).as(spec.name()).isEqualTo(spec.partitions());
			}
			assertThat(specOf.get("replicas")).as(spec.name()).isEqualTo(3);
			assertThat(config.get("min.insync.replicas")).as(spec.name()).isEqualTo(2);
			assertThat(config.get("cleanup.policy")).as(spec.name()).isEqualTo(spec.compacted() ? "compact" : "delete");
			assertThat(String.valueOf(config.get("retention.ms"))).as(spec.name())
				.isEqualTo(String.valueOf(spec.retention().toMillis()));
		}
	}

	@Test
	void theClusterRunsKraftNodePoolsThatKeepWritesThroughOneBrokerDown() throws Exception {
		List<GenericKubernetesResource> cluster = resources("kafka.yaml");
		assertThat(cluster.stream().map(GenericKubernetesResource::getKind)).containsExactlyInAnyOrder("KafkaNodePool",
				"KafkaNodePool", "Kafka");
		GenericKubernetesResource kafka = cluster.stream()
			.filter((resource) -> resource.getKind().equals("Kafka"))
			.findFirst()
			.orElseThrow();
		assertThat(kafka.getMetadata().getAnnotations()).containsEntry("strimzi.io/kraft", "enabled");
		@SuppressWarnings("unchecked")
		Map<String, Object> config = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) kafka
			.getAdditionalProperties()
			.get("spec")).get("kafka")).get("config");
		assertThat(config).containsEntry("min.insync.replicas", 2).containsEntry("default.replication.factor", 3);
	}

	@Test
	void eachServiceHasAUserWithAclsOnItsOwnTopicsOnly() throws Exception {
		List<GenericKubernetesResource> users = resources("users.yaml");
		assertThat(users.stream().map((user) -> user.getMetadata().getName())).containsExactlyInAnyOrderElementsOf(
				List.of("ingest-api", "session-aggregator", "royalty-service", "ad-metrics-service"));
		String ingest = Serialization.asYaml(users.stream()
			.filter((user) -> user.getMetadata().getName().equals("ingest-api"))
			.findFirst()
			.orElseThrow());
		assertThat(ingest).contains(Topics.HEARTBEATS).doesNotContain(Topics.SESSIONS).doesNotContain("Read");
	}

	/**
	 * Strimzi writes a KafkaUser's password into a Secret in the user's namespace: the
	 * users live where the User Operator watches, the namespace deploy/README installs
	 * the chart into, so the chart's pods read those Secrets without anyone copying them.
	 */
	@Test
	void theServicesUsersLiveInTheSuitesNamespaceWhereTheirSecretsAreRead() throws Exception {
		assertThat(watchedNamespace()).isEqualTo("playback");
		assertThat(resources("users.yaml")).extracting((user) -> user.getMetadata().getNamespace())
			.containsOnly(watchedNamespace());
		assertThat(Files.readString(KAFKA.resolveSibling("README.md")))
			.contains("kubectl apply -n playback -f deploy/kafka/users.yaml")
			.containsPattern("helm install playback deploy/helm/playback -n playback\\b")
			.doesNotContain("kubectl get secret $user -n kafka");
	}

	/** The namespace the cluster's User Operator watches for KafkaUsers (kafka.yaml). */
	@SuppressWarnings("unchecked")
	static String watchedNamespace() throws Exception {
		GenericKubernetesResource kafka = resources("kafka.yaml").stream()
			.filter((resource) -> resource.getKind().equals("Kafka"))
			.findFirst()
			.orElseThrow();
		Map<String, Object> spec = (Map<String, Object>) kafka.getAdditionalProperties().get("spec");
		Map<String, Object> operators = (Map<String, Object>) spec.get("entityOperator");
		return (String) ((Map<String, Object>) operators.get("userOperator")).get("watchedNamespace");
	}

	static List<GenericKubernetesResource> resources(String file) throws Exception {
		return objects(file).stream().map(GenericKubernetesResource.class::cast).toList();
	}

	/** Every object of a file under deploy/kafka, typed where fabric8 knows the kind. */
	static List<HasMetadata> objects(String file) throws Exception {
		try (InputStream in = Files.newInputStream(KAFKA.resolve(file))) {
			Object parsed = Serialization.unmarshal(in);
			return (parsed instanceof KubernetesList list) ? list.getItems() : (parsed instanceof List<?> many)
					? many.stream().map(HasMetadata.class::cast).toList() : List.of((HasMetadata) parsed);
		}
	}

}
