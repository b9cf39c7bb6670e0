package dev.playback.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml against the services' own configuration: each service's image the
 * one its module's Jib build loads into the engine (never pulled), on the port its
 * configuration defaults to, checked on its readiness probe, started after what it needs,
 * and pointed at databases the init script creates.
 */
class ComposeFileTest {

	static final Path ROOT = Path.of("..");

	static final Map<String, String> CONFIG_FILES = Map.of("ingest-api", "ingest-api.yml", "session-aggregator",
			"session-aggregator.yml", "royalty-service", "royalty-service.yml", "ad-metrics-service",
			"ad-metrics-service.yml");

	@Test
	void eachServiceIsBuiltFromItsModuleAndRunsOnItsOwnPort() throws IOException {
		Map<String, Object> services = services();
		for (String name : CONFIG_FILES.keySet()) {
			Map<String, Object> service = map(services.get(name));
			assertJibImage(service, name, name);

			int port = defaultPort(name);
			Map<String, Object> environment = map(service.get("environment"));
			assertThat(environment.get("PORT")).as(name).isEqualTo(port);
			assertThat(service.get("ports")).as(name).isEqualTo(List.of(port + ":" + port));
			assertReadinessProbe(service, port);

			Map<String, Object> dependsOn = map(service.get("depends_on"));
			assertThat(map(dependsOn.get("kafka")).get("condition")).isEqualTo("service_healthy");
			assertThat(map(dependsOn.get("registry")).get("condition")).isEqualTo("service_healthy");
			assertThat(environment.get("KAFKA_BOOTSTRAP_SERVERS")).isEqualTo("kafka:9092");
			assertThat(environment.get("SCHEMA_REGISTRY_URL")).isEqualTo(
					"http://registry:" + map(map(services.get("registry")).get("environment")).get("QUARKUS_HTTP_PORT")
							+ "/apis/registry/v3");
			// the broker does not create topics: each service creates its own (the
			// default)
			assertThat(environment.keySet()).as(name).noneMatch((key) -> key.endsWith("CREATETOPICS"));
		}
		assertThat(map(map(services.get("kafka")).get("environment")).get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"))
			.isEqualTo("false");
	}

	@Test
	void thePortalIsBuiltFromItsModuleAndReadsTheServicesApis() throws IOException {
		Map<String, Object> services = services();
		Map<String, Object> portal = map(services.get("portal"));
		assertJibImage(portal, "portal", "portal");
		Map<String, Object> environment = map(portal.get("environment"));
		assertThat(environment.get("PORT")).isEqualTo(8085);
		assertReadinessProbe(portal, 8085);
		assertThat(portal.get("ports")).isEqualTo(List.of("8085:8085"));
		for (String service : List.of("royalty-service", "ad-metrics-service", "ingest-api", "session-aggregator")) {
			assertThat(environment.values()).as(service)
				.contains("http://" + service + ":" + map(map(services.get(service)).get("environment")).get("PORT"));
		}
		assertThat(environment.keySet()).noneMatch((key) -> key.startsWith("DATABASE_") || key.startsWith("KAFKA_"));
	}

	@Test
	void theReportServicesUseYugabyteDatabasesTheInitScriptCreates() throws IOException {
		Map<String, Object> services = services();
		Map<String, Object> init = map(services.get("yugabytedb-init"));
		assertThat(map(map(init.get("depends_on")).get("yugabytedb")).get("condition")).isEqualTo("service_healthy");
		String script = Files.readString(ROOT.resolve("deploy/compose/yugabytedb-init.sql"));
		assertThat((List<?>) init.get("volumes")).anySatisfy((volume) -> assertThat(volume.toString())
			.startsWith("./deploy/compose/yugabytedb-init.sql:/init/yugabytedb-init.sql"));
		for (String name : List.of("royalty-service", "ad-metrics-service")) {
			Map<String, Object> service = map(services.get(name));
			Map<String, Object> environment = map(service.get("environment"));
			Matcher url = Pattern.compile("jdbc:postgresql://yugabytedb:5433/(\\w+)")
				.matcher((String) environment.get("DATABASE_URL"));
			assertThat(url.matches()).as(name + " " + environment.get("DATABASE_URL")).isTrue();
			String database = url.group(1);
			String user = (String) environment.get("DATABASE_USERNAME");
			assertThat(script).contains("CREATE DATABASE " + database + " OWNER " + user)
				.contains("CREATE ROLE " + user + " LOGIN PASSWORD ''" + environment.get("DATABASE_PASSWORD") + "''");
			assertThat(environment.get("SPRING_FLYWAY_POSTGRESQL_TRANSACTIONAL_LOCK")).isEqualTo("false");
			assertThat(environment.get("OPERATOR_API_KEY").toString()).startsWith("${OPERATOR_API_KEY:?");
			assertThat(map(map(service.get("depends_on")).get("yugabytedb-init")).get("condition"))
				.isEqualTo("service_completed_successfully");
		}
	}

	@Test
	void theDemoProfileRunsTheSimulatorAndVerifiesIt() throws IOException {
		Map<String, Object> simulator = map(services().get("player-simulator"));
		assertThat(simulator.get("profiles")).isEqualTo(List.of("demo"));
		assertJibImage(simulator, "player-simulator", "local-stack");
		String command = String.join(" ", ((List<?>) simulator.get("command")).stream().map(Object::toString).toList());
		assertThat(command).contains(
				"java -cp @/app/jib-classpath-file dev.playback.localstack.Main simulate --real-time",
				"--ingest http://ingest-api:8081", "verify ", "--aggregator http://session-aggregator:8082",
				"--royalty http://royalty-service:8083", "--ad-metrics http://ad-metrics-service:8084");
		assertThat(map(simulator.get("depends_on")).keySet())
			.containsExactlyInAnyOrderElementsOf(CONFIG_FILES.keySet());
	}

	/**
	 * The image the module's Jib build makes with {@code -Dimage.registry=playback},
	 * taken from the engine, never pulled (no registry has it).
	 */
	private static void assertJibImage(Map<String, Object> service, String image, String module) {
		String version = System.getProperty("project.version", "0.1.0-SNAPSHOT");
		assertThat(service.get("image")).as(module).isEqualTo("playback/" + image + ":" + version);
		assertThat(service.get("pull_policy")).as(module).isEqualTo("never");
		assertThat(service).as(module).doesNotContainKey("build");
		assertThat(ROOT.resolve(module).resolve("pom.xml")).as(module + " is a module").exists();
	}

	/** The readiness probe, over bash's /dev/tcp: the image has no curl. */
	private static void assertReadinessProbe(Map<String, Object> service, int port) {
		List<Object> probe = List.copyOf((List<?>) map(service.get("healthcheck")).get("test"));
		assertThat(probe.subList(0, 3)).containsExactly("CMD", "bash", "-c");
		assertThat((String) probe.get(3)).contains("/dev/tcp/localhost/" + port, "GET /actuator/health/readiness",
				"\"status\":\"UP\"");
	}

	/**
	 * The port a service listens on when {@code PORT} is not set, from its own config.
	 */
	private static int defaultPort(String service) throws IOException {
		Path config = ROOT.resolve(service).resolve("src/main/resources").resolve(CONFIG_FILES.get(service));
		Matcher port = Pattern.compile("port: \\$\\{PORT:(\\d+)}").matcher(Files.readString(config));
		assertThat(port.find()).as(config.toString()).isTrue();
		return Integer.parseInt(port.group(1));
	}

	private static Map<String, Object> services() throws IOException {
		Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
		return map(compose.get("services"));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

}
