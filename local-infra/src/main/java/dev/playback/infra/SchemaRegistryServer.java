package dev.playback.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The Apicurio Registry server (in-memory storage) as a child process on a JDK 21+, with
 * its native v3 API and its Confluent-compatible API on one free port.
 */
public final class SchemaRegistryServer implements AutoCloseable {

	private static final int MINIMUM_JAVA = 21;

	private final Path dir;

	private final int port;

	private final int managementPort;

	private ChildProcess process;

	private SchemaRegistryServer(Path dir, int port, int managementPort) {
		this.dir = dir;
		this.port = port;
		this.managementPort = managementPort;
	}

	public static SchemaRegistryServer start(Path dir) {
		int[] ports = FreePorts.next(2);
		return start(dir, ports[0], ports[1]);
	}

	/**
	 * Starts the server with its API on {@code port} and its management endpoints on
	 * another.
	 */
	public static SchemaRegistryServer start(Path dir, int port, int managementPort) {
		try {
			Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		SchemaRegistryServer server = new SchemaRegistryServer(dir, port, managementPort);
		server.start();
		return server;
	}

	/**
	 * Starts the server (again) on the same ports and the same stored schemas: they live
	 * in an H2 file under its directory, not in memory, so that schema ids survive a
	 * restart as they do with production's database-backed registry.
	 */
	public synchronized void start() {
		if (this.process != null && this.process.isAlive()) {
			return;
		}
		Path runner = quarkusRunJar();
		Path java = Jdks.system().javaExecutable(MINIMUM_JAVA);
		List<String> command = List.of(java.toString(), "-Xms64m", "-Xmx512m", "-Dquarkus.http.host=127.0.0.1",
				"-Dquarkus.http.port=" + this.port, "-Dquarkus.management.port=" + this.managementPort,
				"-Dquarkus.management.host=127.0.0.1", "-Dquarkus.log.level=WARN",
				"-Dapicurio.datasource.url=jdbc:h2:file:" + this.dir.resolve("schemas").toAbsolutePath(), "-jar",
				runner.toString());
		this.process = ChildProcess.start("Apicurio Registry", command, runner.getParent(),
				this.dir.resolve("registry.log"));
		this.process.awaitReady(this::answers, Duration.ofSeconds(90));
	}

	/** Stops the server; {@link #start()} brings it back with its schemas. */
	public synchronized void stop() {
		if (this.process != null) {
			this.process.stop(Duration.ofSeconds(20));
			this.process = null;
		}
	}

	/** The API's port. */
	public int port() {
		return this.port;
	}

	/** Base URL of the server, e.g. {@code http://127.0.0.1:4711}. */
	public String url() {
		return "http://127.0.0.1:" + this.port;
	}

	/** The native API the Apicurio serdes talk to. */
	public String apiUrl() {
		return url() + "/apis/registry/v3";
	}

	/** The Confluent-compatible API (what ksqlDB or Kafka Connect would use). */
	public String confluentCompatibleUrl() {
		return url() + "/apis/ccompat/v7";
	}

	/** The server's process id (for CPU figures in benchmarks). */
	public long pid() {
		return this.process.pid();
	}

	@Override
	public void close() {
		stop();
	}

	private boolean answers() {
		try {
			HttpResponse<Void> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(apiUrl() + "/system/info"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.discarding());
			return response.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	static Path quarkusRunJar() {
		Path home = Path.of(buildProperties().getProperty("apicurio.home"));
		try (Stream<Path> files = Files.walk(home, 4)) {
			return files.filter((file) -> file.getFileName().toString().equals("quarkus-run.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("No quarkus-run.jar under " + home
						+ ": the local-infra build unpacks Apicurio Registry there; run ./mvnw install -DskipTests"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Apicurio Registry is not unpacked at " + home
					+ ": the local-infra build does it; run ./mvnw install -DskipTests", ex);
		}
	}

	static Properties buildProperties() {
		try (InputStream in = SchemaRegistryServer.class.getResourceAsStream("local-infra.properties")) {
			Properties properties = new Properties();
			properties.load(in);
			return properties;
		}
		catch (IOException | NullPointerException ex) {
			throw new IllegalStateException("local-infra.properties is missing from the class path", ex);
		}
	}

}
