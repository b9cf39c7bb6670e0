package dev.playback.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one process), run in
 * its own JVM from the {@code kafka_2.13} jars. Stop and start keep its data and ports,
 * so tests can take the broker away and bring it back.
 */
public final class KafkaBroker implements AutoCloseable {

	private static final String CLASSPATH_RESOURCE = "kafka-broker.classpath";

	/** The super user of a {@link #startSecured secured} broker. */
	public static final String ADMIN = "admin";

	private static final String SCRAM = "SCRAM-SHA-512";

	private final String name;

	private final Path dir;

	/** The port it answers on when ready: the client port, or a controller's own. */
	private final int port;

	private final String properties;

	/** The proxy in front of the second listener, or null (a cluster's nodes). */
	private final TcpProxy link;

	private ChildProcess process;

	private KafkaBroker(String name, Path dir, int port, String properties, TcpProxy link) {
		this.name = name;
		this.dir = dir;
		this.port = port;
		this.properties = properties;
		this.link = link;
	}

	/** Formats a new broker in {@code dir} on free ports and starts it. */
	public static KafkaBroker start(Path dir) {
		int[] ports = FreePorts.next(2);
		return start(dir, ports[0], ports[1]);
	}

	/**
	 * Formats a new broker in {@code dir} on the given client and controller ports and
	 * starts it.
	 */
	public static KafkaBroker start(Path dir, int port, int controllerPort) {
		return start(dir, port, controllerPort, uuidBase64());
	}

	static KafkaBroker start(Path dir, int port, int controllerPort, String clusterId) {
		String listener = "127.0.0.1:" + port;
		String controller = "127.0.0.1:" + controllerPort;
		// a second listener, reached only through a proxy that advertises itself, so that
		// clients bootstrapped there talk to the broker through it for good
		int linkedPort = FreePorts.next();
		TcpProxy link = TcpProxy.start("Kafka", linkedPort);
		List<String> settings = new ArrayList<>(List.of("process.roles=broker,controller", "node.id=1",
				"controller.quorum.bootstrap.servers=" + controller, "listeners=PLAINTEXT://" + listener
						+ ",LINK://127.0.0.1:" + linkedPort + ",CONTROLLER://" + controller));
		// one node: internal topics cannot have more replicas
		settings.addAll(brokerSettings(listener, link.address(), dir.resolve("data"), 1, 1));
		String properties = lines(settings.toArray(String[]::new));
		KafkaBroker broker = new KafkaBroker("Kafka broker", dir, port, properties, link);
		try {
			broker.format(clusterId, "--standalone");
			broker.start();
		}
		catch (RuntimeException ex) {
			link.close();
			throw ex;
		}
		return broker;
	}

	/**
	 * A single-node broker whose clients' listener is secured as deploy/kafka's: SASL
	 * (SCRAM-SHA-512) authentication and Kafka's standard authorizer, nothing allowed
	 * without an ACL. {@code users} (name to password) are created when the storage is
	 * formatted; {@value #ADMIN} among them is the super user (the operator, and the
	 * brokers among themselves). The controller listener stays plaintext on the loopback
	 * interface, as the node's own way to its controller.
	 */
	public static KafkaBroker startSecured(Path dir, Map<String, String> users) {
		String adminPassword = users.get(ADMIN);
		if (adminPassword == null) {
			throw new IllegalArgumentException("A secured broker needs the " + ADMIN + " user");
		}
		int[] ports = FreePorts.next(2);
		String listener = "127.0.0.1:" + ports[0];
		String controller = "127.0.0.1:" + ports[1];
		List<String> settings = new ArrayList<>(List.of("process.roles=broker,controller", "node.id=1",
				"controller.quorum.bootstrap.servers=" + controller,
				"listeners=SASL_PLAINTEXT://" + listener + ",CONTROLLER://" + controller));
		settings.addAll(brokerSettings(listener, null, dir.resolve("data"), 1, 1));
		settings = override(settings, "advertised.listeners=SASL_PLAINTEXT://" + listener,
				"listener.security.protocol.map=CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT",
				"inter.broker.listener.name=SASL_PLAINTEXT", "sasl.enabled.mechanisms=" + SCRAM,
				"sasl.mechanism.inter.broker.protocol=" + SCRAM,
				"listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=" + jaas(ADMIN, adminPassword),
				"authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
				// ANONYMOUS: the node itself on its plaintext controller listener
				"super.users=User:" + ADMIN + ";User:ANONYMOUS", "allow.everyone.if.no.acl.found=false");
		KafkaBroker broker = new KafkaBroker("Kafka broker (SASL)", dir, ports[0],
				lines(settings.toArray(String[]::new)), null);
		List<String> format = new ArrayList<>(List.of("--standalone"));
		users.forEach((name, password) -> {
			if (!name.matches("[a-z][a-z0-9-]*") || password.contains("\"") || password.contains(",")
					|| password.contains("]")) {
				throw new IllegalArgumentException("Not a plain user name and password: " + name);
			}
			format.addAll(List.of("--add-scram", SCRAM + "=[name=" + name + ",password=" + password + "]"));
		});
		broker.format(uuidBase64(), format.toArray(String[]::new));
		broker.start();
		return broker;
	}

	/**
	 * What a client of a {@link #startSecured secured} broker adds to its settings to
	 * sign in as {@code user}.
	 */
	public static Map<String, Object> clientSettings(String user, String password) {
		return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", SCRAM, "sasl.jaas.config",
				jaas(user, password));
	}

	static String jaas(String user, String password) {
		return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
				+ password + "\";";
	}

	/** {@code settings} with each of {@code overrides} replacing the line of its key. */
	private static List<String> override(List<String> settings, String... overrides) {
		Map<String, String> byKey = new LinkedHashMap<>();
		for (String line : settings) {
			byKey.put(line.substring(0, line.indexOf('=')), line);
		}
		for (String line : overrides) {
			byKey.put(line.substring(0, line.indexOf('=')), line);
		}
		return new ArrayList<>(byKey.values());
	}

	/**
	 * A node of a {@link KafkaCluster}, formatted (its quorum is static, in
	 * {@code properties}) but not started.
	 */
	static KafkaBroker node(String name, Path dir, int port, String properties, String clusterId) {
		KafkaBroker node = new KafkaBroker(name, dir, port, properties, null);
		node.format(clusterId);
		return node;
	}

	/**
	 * What every local broker has besides its roles and listeners: where it is reached
	 * (and, when {@code link} is not null, its {@code LINK} listener through a proxy) and
	 * keeps its data, and the replication of its topics, internal ones included.
	 */
	static List<String> brokerSettings(String listener, String link, Path data, int replicas, int minInSync) {
		return List.of("advertised.listeners=PLAINTEXT://" + listener + ((link != null) ? ",LINK://" + link : ""),
				"controller.listener.names=CONTROLLER",
				"listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"
						+ ((link != null) ? ",LINK:PLAINTEXT" : ""),
				"inter.broker.listener.name=PLAINTEXT", "log.dirs=" + data, "num.partitions=4",
				"auto.create.topics.enable=false", "default.replication.factor=" + replicas,
				"min.insync.replicas=" + minInSync, "unclean.leader.election.enable=false",
				"offsets.topic.replication.factor=" + replicas, "offsets.topic.num.partitions=8",
				"transaction.state.log.replication.factor=" + replicas, "transaction.state.log.min.isr=" + minInSync,
				"transaction.state.log.num.partitions=8",
				"share.coordinator.state.topic.replication.factor=" + replicas,
				"share.coordinator.state.topic.min.isr=" + minInSync, "group.initial.rebalance.delay.ms=0",
				"log.retention.hours=168");
	}

	static String lines(String... lines) {
		return String.join("\n", lines) + "\n";
	}

	public String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	public int port() {
		return this.port;
	}

	/**
	 * The proxy in front of this broker's second listener: clients given its
	 * {@link TcpProxy#address() address} as bootstrap servers reach the broker only
	 * through it, so a test can delay, black-hole or reset their network while other
	 * clients go on unharmed.
	 */
	public TcpProxy link() {
		if (this.link == null) {
			throw new IllegalStateException(this.name + " has no proxied listener");
		}
		return this.link;
	}

	public boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/** Starts the (formatted) broker again on the same port and data. */
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		List<String> command = java("kafka.Kafka", this.dir.resolve("server.properties").toString());
		this.process = ChildProcess.start(this.name, command, this.dir, this.dir.resolve("kafka.log"));
		this.process.awaitReady(this::accepts, Duration.ofSeconds(60));
	}

	/** Shuts the broker down cleanly. */
	public synchronized void stop() {
		if (this.process != null) {
			this.process.stop(Duration.ofSeconds(30));
			this.process = null;
		}
	}

	/**
	 * Ends the broker at once (SIGKILL), as a crash or a lost machine would: no clean
	 * shutdown, no leadership handed over. {@link #start()} brings it back on its data.
	 */
	public synchronized void kill() {
		if (this.process != null) {
			this.process.kill();
			this.process = null;
		}
	}

	/**
	 * Runs one of Kafka's own tools (e.g.
	 * {@code org.apache.kafka.tools.ProducerPerformance}) against this broker in its own
	 * JVM and returns what it printed.
	 */
	public String runTool(String mainClass, Duration timeout, String... args) {
		Path log = this.dir.resolve("tool-" + System.nanoTime() + ".log");
		ChildProcess.run(mainClass, java(mainClass, args), this.dir, log, timeout);
		try {
			return Files.readString(log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The server's process id (for CPU figures in benchmarks). */
	public long pid() {
		return this.process.pid();
	}

	@Override
	public void close() {
		try {
			stop();
		}
		finally {
			if (this.link != null) {
				this.link.close();
			}
		}
	}

	private void format(String clusterId, String... options) {
		try {
			Files.createDirectories(this.dir);
			Files.writeString(this.dir.resolve("server.properties"), this.properties);
			Files.writeString(this.dir.resolve("log4j2.properties"), LOG4J2);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<String> args = new ArrayList<>(List.of("format", "--ignore-formatted"));
		args.addAll(List.of(options));
		// "=" form: a base64 id may start with "-", which would read as an option
		args.addAll(List.of("--cluster-id=" + clusterId, "-c", this.dir.resolve("server.properties").toString()));
		ChildProcess.run("Kafka storage format", java("kafka.tools.StorageTool", args.toArray(String[]::new)), this.dir,
				this.dir.resolve("format.log"), Duration.ofSeconds(60));
	}

	private List<String> java(String mainClass, String... args) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC", "-Djava.awt.headless=true",
				"-Dlog4j2.configurationFile=" + this.dir.resolve("log4j2.properties").toUri()));
		command.add("-cp");
		command.add(brokerClasspath());
		command.add(mainClass);
		command.addAll(List.of(args));
		return command;
	}

	private boolean accepts() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	static String brokerClasspath() {
		try (InputStream in = KafkaBroker.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
			if (in == null) {
				throw new IllegalStateException("The build did not write " + CLASSPATH_RESOURCE
						+ " (the local-infra module writes it at generate-resources; build it with ./mvnw)");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String uuidBase64() {
		UUID uuid = UUID.randomUUID();
		java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(16);
		buffer.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
		return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
	}

	private static final String LOG4J2 = """
			status = warn
			appender.console.type = Console
			appender.console.name = STDOUT
			appender.console.layout.type = PatternLayout
			appender.console.layout.pattern = [%d] %p %m (%c)%n
			rootLogger.level = WARN
			rootLogger.appenderRef.stdout.ref = STDOUT
			logger.started.name = kafka.server.KafkaRaftServer
			logger.started.level = INFO
			""";

}
