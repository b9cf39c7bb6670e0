package dev.playback.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real servers the suite needs, each a child process on free ports: a Kafka broker
 * (KRaft), or a cluster of three or more as production runs ({@link KafkaCluster}), a
 * PostgreSQL server and the Apicurio schema registry. The integration tests and the local
 * stack both start it; nothing needs Docker.
 */
public final class LocalInfrastructure implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(LocalInfrastructure.class);

	private static LocalInfrastructure shared;

	private final Path workDir;

	/** The single broker, or null when there is a cluster. */
	private final KafkaBroker kafka;

	/** The cluster, or null when there is a single broker. */
	private final KafkaCluster cluster;

	private final PostgresServer postgres;

	private final SchemaRegistryServer registry;

	/**
	 * The Kafka users and their passwords when the broker is secured, else empty.
	 */
	private final Map<String, String> kafkaUsers;

	/**
	 * The Kafka user of each service, by its property prefix: the names of deploy/kafka's
	 * KafkaUsers.
	 */
	public static final Map<String, String> SERVICE_USERS = Map.of("playback.ingest", "ingest-api",
			"playback.aggregator", "session-aggregator", "playback.royalty", "royalty-service", "playback.admetrics",
			"ad-metrics-service");

	private LocalInfrastructure(Path workDir, KafkaBroker kafka, KafkaCluster cluster, PostgresServer postgres,
			SchemaRegistryServer registry, Map<String, String> kafkaUsers) {
		this.workDir = workDir;
		this.kafka = kafka;
		this.cluster = cluster;
		this.postgres = postgres;
		this.registry = registry;
		this.kafkaUsers = kafkaUsers;
	}

	/**
	 * Starts all three servers side by side; their files live under a new temporary
	 * directory.
	 */
	public static LocalInfrastructure start() {
		return start(1);
	}

	/**
	 * Starts the servers with {@code brokers} Kafka brokers (see
	 * {@link #start(Path, int)}) under a new temporary directory.
	 */
	public static LocalInfrastructure start(int brokers) {
		try {
			return start(Files.createTempDirectory("playback-infra-"), brokers);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static LocalInfrastructure start(Path workDir) {
		return start(workDir, 1);
	}

	/**
	 * Starts the servers with {@code brokers} Kafka brokers: 1, a single node; 3 or more,
	 * a {@link KafkaCluster} with production replication, whose topics the services
	 * create with {@value KafkaCluster#REPLICATION_FACTOR} replicas
	 * ({@link #serviceArguments}).
	 */
	public static LocalInfrastructure start(Path workDir, int brokers) {
		return start(workDir, brokers, Map.of());
	}

	/**
	 * Starts the servers with a single broker secured as deploy/kafka's
	 * ({@link KafkaBroker#startSecured}): a Kafka user per service
	 * ({@link #SERVICE_USERS}) and {@value KafkaBroker#ADMIN}, each with a new password.
	 * Whoever starts it creates the topics and the ACLs (as Strimzi does in production);
	 * {@link #serviceArguments} signs each service in as its own user.
	 */
	public static LocalInfrastructure startSecured() {
		Map<String, String> users = new LinkedHashMap<>();
		users.put(KafkaBroker.ADMIN, "kafka-" + UUID.randomUUID());
		SERVICE_USERS.values().forEach((user) -> users.put(user, "kafka-" + UUID.randomUUID()));
		try {
			return start(Files.createTempDirectory("playback-infra-"), 1, Map.copyOf(users));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static LocalInfrastructure start(Path workDir, int brokers, Map<String, String> kafkaUsers) {
		if (brokers != 1 && brokers < KafkaCluster.REPLICATION_FACTOR) {
			throw new IllegalArgumentException("Kafka runs as 1 broker or a cluster of "
					+ KafkaCluster.REPLICATION_FACTOR + " or more, not " + brokers);
		}
		long started = System.nanoTime();
		// chosen together so that the servers, starting side by side, never get the same
		// port (a cluster picks its own after these are taken)
		int[] ports = FreePorts.next(5);
		CompletableFuture<KafkaBroker> kafka = (brokers != 1) ? CompletableFuture.completedFuture(null)
				: CompletableFuture.supplyAsync(
						() -> kafkaUsers.isEmpty() ? KafkaBroker.start(workDir.resolve("kafka"), ports[0], ports[1])
								: KafkaBroker.startSecured(workDir.resolve("kafka"), kafkaUsers));
		CompletableFuture<KafkaCluster> cluster = (brokers == 1) ? CompletableFuture.completedFuture(null)
				: CompletableFuture.supplyAsync(() -> KafkaCluster.start(workDir.resolve("kafka"), brokers));
		CompletableFuture<PostgresServer> postgres = CompletableFuture
			.supplyAsync(() -> PostgresServer.start(ports[2]));
		CompletableFuture<SchemaRegistryServer> registry = CompletableFuture
			.supplyAsync(() -> SchemaRegistryServer.start(workDir.resolve("registry"), ports[3], ports[4]));
		try {
			CompletableFuture.allOf(kafka, cluster, postgres, registry).join();
		}
		catch (CompletionException ex) {
			// stop what did start before reporting what did not
			kafka.thenAccept((broker) -> {
				if (broker != null) {
					broker.close();
				}
			});
			cluster.thenAccept((startedCluster) -> {
				if (startedCluster != null) {
					startedCluster.close();
				}
			});
			postgres.thenAccept(PostgresServer::close);
			registry.thenAccept(SchemaRegistryServer::close);
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime : ex;
		}
		LocalInfrastructure infrastructure = new LocalInfrastructure(workDir, kafka.join(), cluster.join(),
				postgres.join(), registry.join(), kafkaUsers);
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
		return serviceArgumentsSignedInAs(SERVICE_USERS.get(propertyPrefix), propertyPrefix, database, extra);
	}

	/**
	 * As {@link #serviceArguments}, the service signed in to a secured broker as
	 * {@code kafkaUser} (another service's, to see it refused); {@code null}, or a broker
	 * that is not secured, signs in as nobody.
	 */
	public String[] serviceArgumentsSignedInAs(String kafkaUser, String propertyPrefix, String database,
			String... extra) {
		List<String> args = new ArrayList<>(List.of("--spring.kafka.bootstrap-servers=" + kafkaBootstrapServers(),
				"--" + propertyPrefix + ".schema-registry-url=" + this.registry.apiUrl()));
		if (kafkaUser != null && !this.kafkaUsers.isEmpty()) {
			kafkaClientSettings(kafkaUser).forEach((key, value) -> args.add((key.equals("security.protocol")
					? "--spring.kafka.security.protocol" : "--spring.kafka.properties." + key) + "=" + value));
		}
		if (this.cluster != null) {
			args.add("--" + propertyPrefix + ".topic-replicas=" + KafkaCluster.REPLICATION_FACTOR);
		}
		if (database != null) {
			this.postgres.createDatabase(database);
			args.addAll(List.of("--spring.datasource.url=" + this.postgres.jdbcUrl(database),
					"--spring.datasource.username=" + this.postgres.username(),
					"--spring.datasource.password=" + this.postgres.password()));
		}
		args.addAll(List.of(extra));
		return args.toArray(String[]::new);
	}

	/** Whether the broker is {@linkplain #startSecured() secured}. */
	public boolean isSecured() {
		return !this.kafkaUsers.isEmpty();
	}

	/** The Kafka users and their passwords of a secured broker (empty otherwise). */
	public Map<String, String> kafkaUsers() {
		return this.kafkaUsers;
	}

	/**
	 * What a Kafka client adds to sign in as {@code user} (a {@link #kafkaUsers() user}
	 * of a secured broker); nothing when the broker is not secured.
	 */
	public Map<String, Object> kafkaClientSettings(String user) {
		if (this.kafkaUsers.isEmpty()) {
			return Map.of();
		}
		String password = this.kafkaUsers.get(user);
		if (password == null) {
			throw new IllegalArgumentException("No Kafka user " + user);
		}
		return KafkaBroker.clientSettings(user, password);
	}

	/**
	 * Bootstrap servers and, on a secured broker, the super user's sign-in: for tools and
	 * tests.
	 */
	public Map<String, Object> kafkaAdminSettings() {
		Map<String, Object> settings = new HashMap<>(kafkaClientSettings(KafkaBroker.ADMIN));
		settings.put("bootstrap.servers", kafkaBootstrapServers());
		return settings;
	}

	public String kafkaBootstrapServers() {
		return (this.cluster != null) ? this.cluster.bootstrapServers() : this.kafka.bootstrapServers();
	}

	/** The single broker (started with one). */
	public KafkaBroker kafka() {
		if (this.kafka == null) {
			throw new IllegalStateException("This infrastructure runs a Kafka cluster: see kafkaCluster()");
		}
		return this.kafka;
	}

	/** The cluster (started with three brokers or more). */
	public KafkaCluster kafkaCluster() {
		if (this.cluster == null) {
			throw new IllegalStateException("This infrastructure runs a single Kafka broker: see kafka()");
		}
		return this.cluster;
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
				if (this.cluster != null) {
					this.cluster.close();
				}
				else {
					this.kafka.close();
				}
			}
			finally {
				this.postgres.close();
				PostgresServer.deleteRecursively(this.workDir);
			}
		}
	}

}
