package dev.playback.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real servers the suite needs, each a child process on free ports: a Kafka broker
 * (KRaft), a PostgreSQL server and the Apicurio schema registry. The integration tests
 * and the local stack both start it; nothing needs Docker.
 */
public final class LocalInfrastructure implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LocalInfrastructure.class);

	private static LocalInfrastructure shared;

	private final Path workDir;

	private final KafkaBroker kafka;

	private final PostgresServer postgres;

	private final SchemaRegistryServer registry;

	private LocalInfrastructure(Path workDir, KafkaBroker kafka, PostgresServer postgres,
			SchemaRegistryServer registry) {
		this.workDir = workDir;
		this.kafka = kafka;
		this.postgres = postgres;
		this.registry = registry;
	}

	/**
	 * Starts all three servers side by side; their files live under a new temporary
	 * directory.
	 */
	public static LocalInfrastructure start() {
		try {
			return start(Files.createTempDirectory("playback-infra-"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static LocalInfrastructure start(Path workDir) {
		long started = System.nanoTime();
		// chosen together so that the servers, starting side by side, never get the same
		// port
		int[] ports = FreePorts.next(5);
		CompletableFuture<KafkaBroker> kafka = CompletableFuture
			.supplyAsync(() -> KafkaBroker.start(workDir.resolve("kafka"), ports[0], ports[1]));
		CompletableFuture<PostgresServer> postgres = CompletableFuture
			.supplyAsync(() -> PostgresServer.start(ports[2]));
		CompletableFuture<SchemaRegistryServer> registry = CompletableFuture
			.supplyAsync(() -> SchemaRegistryServer.start(workDir.resolve("registry"), ports[3], ports[4]));
		try {
			CompletableFuture.allOf(kafka, postgres, registry).join();
		}
		catch (CompletionException ex) {
			// stop what did start before reporting what did not
			kafka.thenAccept(KafkaBroker::close);
			postgres.thenAccept(PostgresServer::close);
			registry.thenAccept(SchemaRegistryServer::close);
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime : ex;
		}
		LocalInfrastructure infrastructure = new LocalInfrastructure(workDir, kafka.join(), postgres.join(),
				registry.join());
		log.info("Local infrastructure up in {} ms: kafka={} postgres={} registry={}",
				(System.nanoTime() - started) / 1_000_000, infrastructure.kafkaBootstrapServers(),
				infrastructure.postgres.jdbcUrl("postgres"), infrastructure.registry.url());
		return infrastructure;
	}

	/**
	 * One infrastructure per JVM for the integration tests, started on first use and
	 * stopped when the JVM exits.
	 */
	public static synchronized LocalInfrastructure shared() {
		if (shared == null) {
			LocalInfrastructure started = start();
			Runtime.getRuntime().addShutdownHook(new Thread(started::close, "local-infra-shutdown"));
			shared = started;
		}
		return shared;
	}

	/**
	 * Command-line arguments that point one of the suite's services at these servers:
	 * Kafka, the registry under the service's own {@code <prefix>.schema-registry-url}
	 * property and, when {@code database} is not null, that database (created when
	 * missing).
	 * @param propertyPrefix the service's property prefix, e.g. {@code playback.ingest}
	 * @param database the service's database, or {@code null}
	 * @param extra further arguments, appended
	 * @return the arguments for {@code SpringApplication.run}
	 */
	public String[] serviceArguments(String propertyPrefix, String database, String... extra) {
		List<String> args = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + kafkaBootstrapServers(),
				"--" + propertyPrefix + ".schema-registry-url=" + this.registry.apiUrl()));
		if (database != null) {
			this.postgres.createDatabase(database);
			args.addAll(List.of("--spring.datasource.url=" + this.postgres.jdbcUrl(database),
					"--spring.datasource.username=" + this.postgres.username(),
					"--spring.datasource.password=" + this.postgres.password()));
		}
		args.addAll(List.of(extra));
		return args.toArray(String[]::new);
	}

	public String kafkaBootstrapServers() {
		return this.kafka.bootstrapServers();
	}

	public KafkaBroker kafka() {
		return this.kafka;
	}

	public PostgresServer postgres() {
		return this.postgres;
	}

	public SchemaRegistryServer registry() {
		return this.registry;
	}

	public Path workDir() {
		return this.workDir;
	}

	@Override
	public void close() {
		try {
			this.registry.close();
		}
		finally {
			try {
				this.kafka.close();
			}
			finally {
				this.postgres.close();
				PostgresServer.deleteRecursively(this.workDir);
			}
		}
	}

}
