package dev.playback.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.TemplateCommand;
import dev.playback.benchmarks.CapacityModel;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Helm chart, offline: linted, rendered for each values file, every manifest parsed
 * as a typed Kubernetes object, and the rules an operator relies on checked on all of
 * them.
 */
class HelmChartTest {

	static final Path CHART = Path.of("..", "deploy", "helm", "playback");

	static final List<String> SERVICES = List.of("ingest-api", "session-aggregator", "royalty-service",
			"ad-metrics-service");

	@Test
	void theChartLints() {
		LintResult lint = new Helm(CHART).lint().strict().call();
		assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "values-dev.yaml", "values-peak.yaml" })
	void everyWorkloadIsProbedBoundedAndUnprivileged(String values) {
		List<HasMetadata> objects = render(values);
		List<PodSpec> pods = podSpecs(objects);
		assertThat(pods).as("four services, the registry and the portal").hasSize(6);
		for (PodSpec pod : pods) {
			assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
			for (Container container : pod.getContainers()) {
				String name = container.getName();
				assertThat(container.getLivenessProbe()).as(name + " liveness").isNotNull();
				assertThat(container.getReadinessProbe()).as(name + " readiness").isNotNull();
				assertThat(container.getStartupProbe()).as(name + " startup").isNotNull();
				assertThat(container.getResources().getRequests()).as(name + " requests").containsKeys("cpu", "memory");
				assertThat(container.getResources().getLimits()).as(name + " limits").containsKey("memory");
				assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(name).isTrue();
				assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
				assertThat(container.getSecurityContext().getCapabilities().getDrop()).as(name).contains("ALL");
				for (EnvVar env : container.getEnv()) {
					if (env.getName().contains("PASSWORD") || env.getName().endsWith("API_KEY")) {
						assertThat(env.getValue()).as(name + " " + env.getName() + " is a secret reference").isNull();
						assertThat(env.getValueFrom().getSecretKeyRef()).as(name + " " + env.getName()).isNotNull();
					}
				}
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "values-dev.yaml", "values-peak.yaml" })
	void theAggregatorIsAStatefulSetWithStableNamesAndItsOwnState(String values) {
		StatefulSet aggregator = only(render(values), StatefulSet.class);
		assertThat(aggregator.getMetadata().getName()).endsWith("session-aggregator");
		assertThat(aggregator.getSpec().getVolumeClaimTemplates()).hasSize(1);
		Map<String, String> env = env(aggregator.getSpec().getTemplate().getSpec().getContainers().get(0));
		assertThat(env.get("APPLICATION_SERVER")).startsWith("$(POD_NAME).").endsWith(":8080");
		assertThat(env.get("SPRING_KAFKA_STREAMS_PROPERTIES_GROUP_INSTANCE_ID")).isEqualTo("$(POD_NAME)");
		assertThat(env.get("STATE_DIR")).isEqualTo("/var/lib/session-aggregator");
		assertThat(env.get("STANDBY_REPLICAS")).isEqualTo("1");
		// its own collector (values.yaml, aggregator.jvmOptions); the other services keep
		// jvm.options
		assertThat(env.get("JAVA_TOOL_OPTIONS")).contains("-XX:+UseParallelGC", "-XX:MaxRAMPercentage=");
		Deployment ingest = ofType(render(values), Deployment.class).stream()
			.filter((deployment) -> deployment.getMetadata().getName().endsWith("ingest-api"))
			.findFirst()
			.orElseThrow();
		assertThat(env(ingest.getSpec().getTemplate().getSpec().getContainers().get(0)).get("JAVA_TOOL_OPTIONS"))
			.contains("-XX:+UseG1GC");
	}

	@ParameterizedTest
	@ValueSource(strings = { "values-dev.yaml", "values-peak.yaml" })
	void ingestLimitsEachPlayerAddressAsTheIngressReportsIt(String values) {
		Deployment ingest = ofType(render(values), Deployment.class).stream()
			.filter((deployment) -> deployment.getMetadata().getName().endsWith("ingest-api"))
			.findFirst()
			.orElseThrow();
		Map<String, String> env = env(ingest.getSpec().getTemplate().getSpec().getContainers().get(0));
		assertThat(env.get("SERVER_FORWARDHEADERSSTRATEGY")).isEqualTo("native");
		assertThat(Integer.parseInt(env.get("PLAYBACK_INGEST_RATELIMITPERCLIENT"))).isPositive();
		assertThat(Integer.parseInt(env.get("PLAYBACK_INGEST_RATELIMITBURST")))
			.isGreaterThanOrEqualTo(Integer.parseInt(env.get("PLAYBACK_INGEST_RATELIMITPERCLIENT")));
		// web players' pages may post (CORS), from the values' list of origins
		assertThat(env.get("PLAYBACK_INGEST_ALLOWEDORIGINS")).isEqualTo("*");
		// data-center ranges of invalid traffic: none unless the operator lists them
		assertThat(env).containsEntry("PLAYBACK_INGEST_TRAFFIC_DATACENTERRANGES", "");
	}

	@Test
	void thePeakValuesScaleForOneHundredThousandRequestsPerSecond() {
		List<HasMetadata> peak = render("values-peak.yaml");
		HorizontalPodAutoscaler hpa = only(peak, HorizontalPodAutoscaler.class);
		assertThat(hpa.getSpec().getScaleTargetRef().getName()).endsWith("ingest-api");
		assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThanOrEqualTo(2 * hpa.getSpec().getMinReplicas());
		assertThat(kinds(peak, "ScaledObject")).hasSize(2);
		assertThat(kinds(peak, "ServiceMonitor")).hasSize(1);
		StatefulSet aggregator = only(peak, StatefulSet.class);
		int streamThreads = Integer
			.parseInt(env(aggregator.getSpec().getTemplate().getSpec().getContainers().get(0)).get("STREAM_THREADS"));
		assertThat(heartbeatPartitions() % (aggregator.getSpec().getReplicas() * streamThreads))
			.as("the heartbeats partitions spread evenly over the stream threads")
			.isZero();
		for (Deployment consumer : ofType(peak, Deployment.class)) {
			String name = consumer.getMetadata().getName();
			if (name.endsWith("royalty-service") || name.endsWith("ad-metrics-service")) {
				Map<String, String> env = env(consumer.getSpec().getTemplate().getSpec().getContainers().get(0));
				int threads = Integer.parseInt(env.get("SPRING_KAFKA_LISTENER_CONCURRENCY"));
				assertThat(12 % (consumer.getSpec().getReplicas() * threads))
					.as("the sessions partitions spread evenly over the consumer threads")
					.isZero();
				GenericKubernetesResource scaler = kinds(peak, "ScaledObject").stream()
					.filter((object) -> object.getMetadata().getName().equals(name))
					.findFirst()
					.orElseThrow();
				Map<?, ?> scaling = (Map<?, ?>) scaler.getAdditionalProperties().get("spec");
				int maxPods = ((Number) scaling.get("maxReplicaCount")).intValue();
				assertThat(((Number) scaling.get("minReplicaCount")).intValue())
					.as("KEDA keeps at least the pods the chart sizes")
					.isEqualTo(consumer.getSpec().getReplicas());
				assertThat(maxPods * threads).as("KEDA adds pods only while their threads get partitions")
					.isLessThanOrEqualTo(12);
			}
		}
		List<HasMetadata> dev = render("values-dev.yaml");
		assertThat(kinds(dev, "ScaledObject")).isEmpty();
		assertThat(kinds(dev, "ServiceMonitor")).isEmpty();
	}

	/**
	 * values-peak.yaml gives each service at least the instances and the cores (with the
	 * model's headroom) that the capacity model (bench/capacity-model.properties,
	 * docs/benchmarks.md) says 100,000 heartbeats/s need.
	 */
	@Test
	void thePeakValuesFollowTheCapacityModel() throws IOException {
		CapacityModel model = CapacityModel.load(Path.of("..", "bench", "capacity-model.properties"));
		List<HasMetadata> peak = render("values-peak.yaml");
		HorizontalPodAutoscaler hpa = only(peak, HorizontalPodAutoscaler.class);
		Map<String, Integer> checked = new HashMap<>();
		for (CapacityModel.Sizing size : model.size(100_000)) {
			Workload workload = workloads(peak).stream()
				.filter((candidate) -> candidate.name().endsWith(size.component()))
				.findFirst()
				.orElse(null);
			if (workload == null) {
				// Kafka and the database are deploy/kafka's and deploy/yugabytedb's
				continue;
			}
			// the autoscaler owns ingest's replicas (the Deployment leaves them to it):
			// its
			// floor must hold the peak
			int replicas = size.component().equals("ingest-api") ? hpa.getSpec().getMinReplicas() : workload.replicas();
			BigDecimal cores = Quantity
				.getAmountInBytes(workload.pod().getContainers().get(0).getResources().getRequests().get("cpu"))
				.multiply(BigDecimal.valueOf(replicas));
			assertThat(replicas).as(size.component() + " instances").isGreaterThanOrEqualTo(size.instances());
			assertThat(cores.doubleValue()).as(size.component() + " cores requested")
				.isGreaterThanOrEqualTo(size.cores() * model.headroom());
			checked.put(size.component(), replicas);
		}
		assertThat(checked).containsOnlyKeys(SERVICES.toArray(String[]::new));
	}

	@Test
	void everyServiceHasADisruptionBudgetAndOnlyItsPortIsOpen() {
		List<HasMetadata> objects = render("values-dev.yaml");
		assertThat(ofType(objects, PodDisruptionBudget.class)).hasSize(4)
			.allSatisfy((pdb) -> assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1));
		List<NetworkPolicy> policies = ofType(objects, NetworkPolicy.class);
		assertThat(policies).anySatisfy((policy) -> assertThat(policy.getSpec().getIngress()).isEmpty());
		assertThat(policies).hasSize(7);
	}

	@ParameterizedTest
	@ValueSource(strings = { "values-dev.yaml", "values-peak.yaml" })
	void thePortalReadsTheServicesPublicApisAndNoDatabaseOrKafka(String values) {
		List<HasMetadata> objects = render(values);
		Deployment portal = ofType(objects, Deployment.class).stream()
			.filter((deployment) -> deployment.getMetadata().getName().endsWith("-portal"))
			.findFirst()
			.orElseThrow();
		Container container = portal.getSpec().getTemplate().getSpec().getContainers().get(0);
		Map<String, String> env = env(container);
		String release = portal.getMetadata().getName().replace("-portal", "");
		assertThat(env).containsEntry("ROYALTY_URL", "http://" + release + "-royalty-service:8080")
			.containsEntry("AD_METRICS_URL", "http://" + release + "-ad-metrics-service:8080")
			.containsEntry("INGEST_URL", "http://" + release + "-ingest-api:8080")
			.containsEntry("AGGREGATOR_URL", "http://" + release + "-session-aggregator:8080")
			.containsKey("PORTAL_SECURE_COOKIE");
		assertThat(env.keySet()).noneMatch((name) -> name.startsWith("DATABASE_") || name.startsWith("KAFKA_"));
		Service service = ofType(objects, Service.class).stream()
			.filter((candidate) -> candidate.getMetadata().getName().equals(release + "-portal"))
			.findFirst()
			.orElseThrow();
		assertThat(service.getSpec().getSessionAffinity()).as("sessions live in the pod").isEqualTo("ClientIP");
		assertThat(portal.getSpec().getReplicas()).isOne();
	}

	@Test
	void eachServiceLogsInToKafkaAsItsOwnUser() throws Exception {
		List<String> users = KafkaResourcesTest.resources("users.yaml")
			.stream()
			.map((user) -> user.getMetadata().getName())
			.toList();
		for (PodSpec pod : podSpecs(render("values-dev.yaml"))) {
			Container container = pod.getContainers().get(0);
			if (SERVICES.contains(container.getName())) {
				EnvVar password = container.getEnv()
					.stream()
					.filter((env) -> env.getName().equals("KAFKA_PASSWORD"))
					.findFirst()
					.orElseThrow();
				assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo(container.getName())
					.isIn(users);
				assertThat(env(container).get("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG"))
					.contains("username=\"" + container.getName() + "\"");
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "ingest:\n  replica: 3\n", "ingest:\n  replicas: two\n",
			"kafka:\n  sasl:\n    enabled: \"yes\"\n", "ingress:\n  hosts:\n    ingest: \"not a host/\"\n",
			"aggregator:\n  resources:\n    requests: {cpu: lots}\n", "surprise: true\n",
			"ingest:\n  allowedOrigins: [\"watch.example.com\"]\n" })
	void theSchemaRefusesUnknownKeysAndWrongValues(String broken, @TempDir Path dir) throws IOException {
		Path values = dir.resolve("broken.yaml");
		Files.writeString(values, broken);
		assertThatThrownBy(() -> new Helm(CHART).template()
			.withName("playback")
			.withValuesFile(CHART.resolve("values-dev.yaml"))
			.withValuesFile(values)
			.call()).as(broken).hasMessageContaining("schema");
	}

	@Test
	void theIngressesRouteEachPublicHostToItsServiceWithTls(@TempDir Path dir) throws IOException {
		assertThat(ofType(render("values-dev.yaml"), Ingress.class)).as("off by default").isEmpty();
		Path values = dir.resolve("ingress.yaml");
		Files.writeString(values, """
				ingress:
				  enabled: true
				  hosts:
				    ingest: ingest.example.com
				    royalty: royalty.example.com
				    portal: portal.example.com
				  tls:
				    - secretName: playback-tls
				      hosts: [ingest.example.com, portal.example.com]
				""");
		List<Ingress> ingresses = ofType(render("values-dev.yaml", values), Ingress.class);
		Map<String, Ingress> byHost = new HashMap<>();
		ingresses.forEach((ingress) -> byHost.put(ingress.getSpec().getRules().get(0).getHost(), ingress));
		assertThat(byHost.keySet()).as("an empty host is not exposed")
			.containsExactlyInAnyOrder("ingest.example.com", "royalty.example.com", "portal.example.com");
		Ingress ingest = byHost.get("ingest.example.com");
		assertThat(ingest.getSpec().getIngressClassName()).isEqualTo("nginx");
		assertThat(ingest.getSpec().getRules().get(0).getHttp().getPaths())
			.extracting((path) -> path.getPath() + " -> " + path.getBackend().getService().getName() + ":"
					+ path.getBackend().getService().getPort().getName())
			.containsExactly("/v1/heartbeats -> playback-ingest-api:http",
					"/v1/users -> playback-session-aggregator:http");
		assertThat(ingest.getSpec().getTls()).singleElement().satisfies((tls) -> {
			assertThat(tls.getSecretName()).isEqualTo("playback-tls");
			assertThat(tls.getHosts()).containsExactly("ingest.example.com");
		});
		assertThat(byHost.get("royalty.example.com").getSpec().getTls()).as("no certificate named for it").isEmpty();
		assertThat(byHost.get("portal.example.com").getSpec().getRules().get(0).getHttp().getPaths())
			.extracting((path) -> path.getBackend().getService().getName())
			.containsExactly("playback-portal");
	}

	@Test
	void helmTestFindsEveryServiceReadyAndAHeartbeatInTheProgressApi(@TempDir Path dir) throws IOException {
		assertThat(Files.readString(CHART.resolve("templates/tests/pipeline.yaml"))).contains("helm.sh/hook: test");
		List<HasMetadata> objects = renderWithHooks(dir, "values-dev.yaml");
		Pod test = only(objects, Pod.class);
		assertThat(test.getMetadata().getAnnotations()).containsEntry("hook", "test");
		assertThat(test.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
		Container container = test.getSpec().getContainers().get(0);
		assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
		assertThat(env(container).get("SERVICES").split(" ")).containsExactlyInAnyOrder("ingest-api",
				"session-aggregator", "royalty-service", "ad-metrics-service", "portal");
		String script = String.join("\n", container.getArgs());
		assertThat(script).contains("/actuator/health/readiness", "$RELEASE-ingest-api:8080/v1/heartbeats",
				"$RELEASE-session-aggregator:8080/v1/users/$id/videos/helm-test/progress", "exit 1");
	}

	@Test
	void theChartMakesTheOperatorKeyAtInstallUnlessToldItExists(@TempDir Path dir) throws IOException {
		assertThat(ofType(render("values-dev.yaml"), Secret.class)).as("a hook, not a resource of the release")
			.isEmpty();
		assertThat(Files.readString(CHART.resolve("templates/secrets.yaml"))).contains("helm.sh/hook: pre-install");
		String value = decoded(secret(renderWithHooks(dir.resolve("first"), "values-dev.yaml"), "playback-operator"),
				"api-key");
		assertThat(value).hasSize(48).matches("[A-Za-z0-9]+");
		assertThat(decoded(secret(renderWithHooks(dir.resolve("second"), "values-dev.yaml"), "playback-operator"),
				"api-key"))
			.as("a new key per install")
			.isNotEqualTo(value);
		Path existing = dir.resolve("existing.yaml");
		Files.writeString(existing, "secrets:\n  operatorKey: {create: false, name: our-key, key: token}\n");
		List<HasMetadata> objects = renderWithHooks(dir.resolve("third"), "values-dev.yaml", existing);
		assertThat(ofType(objects, Secret.class)).extracting((secret) -> secret.getMetadata().getName())
			.as("the chart writes no key then")
			.doesNotContain("our-key", "playback-operator");
		for (PodSpec pod : podSpecs(objects)) {
			pod.getContainers()
				.get(0)
				.getEnv()
				.stream()
				.filter((env) -> env.getName().endsWith("API_KEY"))
				.forEach((env) -> assertThat(env.getValueFrom().getSecretKeyRef()).satisfies((ref) -> {
					assertThat(ref.getName()).isEqualTo("our-key");
					assertThat(ref.getKey()).isEqualTo("token");
				}));
		}
	}

	@Test
	void theChartMakesTheDatabasePasswordsAtInstallUnlessToldTheyExist(@TempDir Path dir) throws IOException {
		List<HasMetadata> objects = renderWithHooks(dir.resolve("made"), "values-dev.yaml");
		for (String name : List.of("royalty", "admetrics", "registry")) {
			Secret secret = secret(objects, "playback-" + name + "-db");
			assertThat(decoded(secret, "username")).isEqualTo(name);
			assertThat(decoded(secret, "password")).hasSize(40).matches("[A-Za-z0-9]+");
			assertThat(secret.getMetadata().getAnnotations()).containsEntry("hook", "pre-install");
		}
		Job setup = only(objects, Job.class);
		assertThat(setup.getMetadata().getAnnotations()).containsEntry("hook", "pre-install")
			.containsEntry("helm.sh/hook-weight", "0");
		PodSpec pod = setup.getSpec().getTemplate().getSpec();
		assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(pod.getContainers().get(0).getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
		assertThat(pod.getContainers().get(0).getEnv()).filteredOn((env) -> env.getValueFrom() != null)
			.extracting((env) -> env.getValueFrom().getSecretKeyRef().getName())
			.as("the admin's credentials and each service's, from Secrets only")
			.containsOnly("yugabytedb-admin", "playback-royalty-db", "playback-admetrics-db", "playback-registry-db");
		Path existing = dir.resolve("existing.yaml");
		Files.writeString(existing, "secrets:\n  databases: {create: false}\nregistry: {enabled: false}\n");
		assertThat(renderWithHooks(dir.resolve("existing"), "values-dev.yaml", existing))
			.as("only the operator key is made then")
			.filteredOn((object) -> object instanceof Secret || object instanceof Job)
			.extracting((object) -> object.getMetadata().getName())
			.containsExactly("playback-operator");
	}

	static Secret secret(List<HasMetadata> objects, String name) {
		return ofType(objects, Secret.class).stream()
			.filter((secret) -> secret.getMetadata().getName().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no Secret " + name));
	}

	static String decoded(Secret secret, String key) {
		return new String(java.util.Base64.getDecoder().decode(secret.getData().get(key)),
				java.nio.charset.StandardCharsets.UTF_8);
	}

	/**
	 * helm-java renders no hooks (template and dry runs alike): the chart is copied to
	 * {@code dir} with its hook annotations renamed, so its hooks render as plain
	 * manifests.
	 */
	static List<HasMetadata> renderWithHooks(Path dir, String values, Path... more) throws IOException {
		Path copy = dir.resolve("playback");
		try (Stream<Path> files = Files.walk(CHART)) {
			for (Path file : files.toList()) {
				Path target = copy.resolve(CHART.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.writeString(target, Files.readString(file).replace("helm.sh/hook:", "hook:"));
				}
			}
		}
		return render(copy, values, more);
	}

	@Test
	void theNotesSayWhatWasInstalledAndWhatToRunNext() {
		assertThat(install("values-dev.yaml").getOutput()).contains("ingest-api          2 pod(s), autoscaling 2-4",
				"kubectl -n playback port-forward svc/playback-ingest-api", "helm test playback -n playback",
				"kubectl -n playback get secret playback-operator -o jsonpath='{.data.api-key}' | base64 -d",
				"Databases: a role, database and generated password per service, made at install in "
						+ "yb-tservers.yugabytedb.svc (Secrets playback-royalty-db, playback-admetrics-db, "
						+ "playback-registry-db)");
	}

	/**
	 * A client-only dry run of {@code helm install}: its output holds hooks and notes.
	 */
	private static Release install(String values) {
		return new Helm(CHART).install()
			.withName("playback")
			.withNamespace("playback")
			.withValuesFile(CHART.resolve(values))
			.dryRun()
			.clientOnly()
			.call();
	}

	static List<HasMetadata> render(String values, Path... more) {
		return render(CHART, values, more);
	}

	/** Renders {@code chart} with one of its values files and {@code more} after it. */
	private static List<HasMetadata> render(Path chart, String values, Path... more) {
		TemplateCommand template = new Helm(chart).template()
			.withName("playback")
			.withNamespace("playback")
			.withValuesFile(chart.resolve(values));
		for (Path file : more) {
			template = template.withValuesFile(file);
		}
		return parse(template.call());
	}

	static List<HasMetadata> render(String values) {
		return render(values, new Path[0]);
	}

	private static List<HasMetadata> parse(String manifests) {
		List<HasMetadata> objects = new ArrayList<>();
		for (String document : manifests.split("(?m)^---\\s*$")) {
			if (document.lines().anyMatch((line) -> line.startsWith("kind:"))) {
				objects.add(Serialization.unmarshal(document));
			}
		}
		return objects;
	}

	private static List<PodSpec> podSpecs(List<HasMetadata> objects) {
		return workloads(objects).stream().map(Workload::pod).toList();
	}

	/**
	 * A Deployment or StatefulSet: its name, its replicas ({@code null} when an
	 * autoscaler owns them) and its pod.
	 */
	private record Workload(String name, Integer replicas, PodSpec pod) {
	}

	private static List<Workload> workloads(List<HasMetadata> objects) {
		return Stream.concat(
				ofType(objects, Deployment.class).stream()
					.map((d) -> new Workload(d.getMetadata().getName(), d.getSpec().getReplicas(),
							d.getSpec().getTemplate().getSpec())),
				ofType(objects, StatefulSet.class).stream()
					.map((s) -> new Workload(s.getMetadata().getName(), s.getSpec().getReplicas(),
							s.getSpec().getTemplate().getSpec())))
			.toList();
	}

	/** Partitions of the heartbeats topic in the Strimzi resources. */
	private static int heartbeatPartitions() {
		try {
			String topics = Files.readString(Path.of("..", "deploy", "kafka", "topics.yaml"));
			Matcher partitions = Pattern.compile("name: playback\\.heartbeats\\.v1[\\s\\S]*?partitions: (\\d+)")
				.matcher(topics);
			assertThat(partitions.find()).isTrue();
			return Integer.parseInt(partitions.group(1));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Map<String, String> env(Container container) {
		Map<String, String> env = new HashMap<>();
		container.getEnv().forEach((var) -> env.put(var.getName(), var.getValue()));
		return env;
	}

	static <T> List<T> ofType(List<HasMetadata> objects, Class<T> type) {
		return objects.stream().filter(type::isInstance).map(type::cast).toList();
	}

	static <T> T only(List<HasMetadata> objects, Class<T> type) {
		List<T> found = ofType(objects, type);
		assertThat(found).hasSize(1);
		return found.get(0);
	}

	private static List<GenericKubernetesResource> kinds(List<HasMetadata> objects, String kind) {
		return ofType(objects, GenericKubernetesResource.class).stream()
			.filter((resource) -> resource.getKind().equals(kind))
			.toList();
	}

}
