package dev.playback.deploy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The optional Kafka UI (deploy/kafka/kafka-ui.yaml): read-only against the cluster,
 * decoding records through the registry's Confluent-compatible API, unprivileged, and let
 * through the chart's NetworkPolicy to the registry.
 */
class KafkaUiTest {

	@Test
	void theKafkaUiReadsOnlyAndDecodesThroughTheRegistry() throws Exception {
		List<HasMetadata> objects = KafkaResourcesTest.objects("kafka-ui.yaml");
		GenericKubernetesResource user = objects.stream()
			.filter((object) -> object.getKind().equals("KafkaUser"))
			.map(GenericKubernetesResource.class::cast)
			.findFirst()
			.orElseThrow();
		String acls = Serialization.asYaml(user.getAdditionalProperties().get("spec"));
		assertThat(acls).contains("Read", "Describe")
			.doesNotContain("Write", "Alter", "Delete", "Create", "All]", "- All");

		Deployment ui = objects.stream()
			.filter(Deployment.class::isInstance)
			.map(Deployment.class::cast)
			.findFirst()
			.orElseThrow();
		Container container = ui.getSpec().getTemplate().getSpec().getContainers().get(0);
		Map<String, EnvVar> env = container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, (var) -> var));
		assertThat(env.get("KAFKA_CLUSTERS_0_READONLY").getValue()).isEqualTo("true");
		assertThat(env.get("KAFKA_CLUSTERS_0_SCHEMAREGISTRY").getValue()).endsWith("/apis/ccompat/v7");
		assertThat(env.get("KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG").getValue()).contains("username=\"kafka-ui\"",
				"$(KAFKA_PASSWORD)");
		assertThat(env.get("KAFKA_PASSWORD").getValueFrom().getSecretKeyRef().getName()).isEqualTo("kafka-ui");
		assertThat(ui.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
		assertThat(container.getResources().getLimits()).containsKey("memory");

		NetworkPolicy toRegistry = objects.stream()
			.filter(NetworkPolicy.class::isInstance)
			.map(NetworkPolicy.class::cast)
			.findFirst()
			.orElseThrow();
		assertThat(toRegistry.getSpec().getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name",
				"registry");
		// the registry the UI is pointed at is the chart's (release "playback")
		assertThat(HelmChartTest.render("values-dev.yaml")
			.stream()
			.filter((object) -> object.getKind().equals("Service"))
			.map((object) -> object.getMetadata().getName())).contains("playback-registry");
		assertThat(env.get("KAFKA_CLUSTERS_0_SCHEMAREGISTRY").getValue()).startsWith("http://playback-registry:8080/");
		assertThat(objects).extracting((object) -> object.getMetadata().getNamespace())
			.as("beside the suite, where the User Operator writes the UI's password")
			.containsOnly(KafkaResourcesTest.watchedNamespace());
	}

}
