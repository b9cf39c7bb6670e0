package dev.playback.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A private, throw-away PostgreSQL cluster on a free port, made with the machine's own
 * {@code initdb} and {@code pg_ctl}. PostgreSQL refuses to run as root, so as root the
 * cluster belongs to the {@code postgres} user and the tools run through {@code runuser}.
 */
public final class PostgresServer implements AutoCloseable {

	public static final String USER = "postgres";

	private final Path bin;

	private final Path base;

	private final int port;

	private final boolean asRoot;

	/** The superuser's password: the server asks for it (SCRAM), as production does. */
	private final String password = "pg-" + UUID.randomUUID();

	private final Thread closeOnExit = new Thread(this::closeQuietly, "stop-postgres-on-exit");

	private boolean closed;

	private PostgresServer(Path bin, Path base, int port, boolean asRoot) {
		this.bin = bin;
		this.base = base;
		this.port = port;
		this.asRoot = asRoot;
	}

	/**
	 * Makes and starts a new cluster. Its files live in a fresh directory under the
	 * system temporary directory, which the {@code postgres} user can reach.
	 */
	public static PostgresServer start() {
		return start(FreePorts.next());
	}

	/** Makes and starts a new cluster listening on {@code port}. */
	public static PostgresServer start(int port) {
		Path bin = findBin(System.getenv()).orElseThrow(() -> new IllegalStateException(
				"No PostgreSQL server found (looked at $PG_BIN and /usr/lib/postgresql/*/bin). Install it: "
						+ "'apt-get update && apt-get install -y postgresql', or set PG_BIN to the directory holding initdb."));
		boolean asRoot = "root".equals(System.getProperty("user.name"));
		try {
			Path base = Files.createTempDirectory("playback-pg-");
			Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
			if (asRoot) {
				UserPrincipalLookupService users = base.getFileSystem().getUserPrincipalLookupService();
				Files.setOwner(base, users.lookupPrincipalByName(USER));
			}
			PostgresServer server = new PostgresServer(bin, base, port, asRoot);
			server.initdb();
			server.startServer();
			// pg_ctl runs the server detached: stop it when the JVM exits before close()
			Runtime.getRuntime().addShutdownHook(server.closeOnExit);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not prepare a PostgreSQL data directory", ex);
		}
	}

	public int port() {
		return this.port;
	}

	public String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database;
	}

	public String username() {
		return USER;
	}

	public String password() {
		return this.password;
	}

	/** The server's own {@code psql}, for tests that run the scripts operators run. */
	public Path psql() {
		return this.bin.resolve("psql");
	}

	/** Creates the database unless it exists. */
	public void createDatabase(String name) {
		if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
			throw new IllegalArgumentException("Not a plain database name: " + name);
		}
		try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, this.password);
				Statement statement = connection.createStatement()) {
			var rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
			if (!rs.next()) {
				statement.execute("CREATE DATABASE " + name);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not create database " + name, ex);
		}
	}

	/**
	 * The postmaster's process id (for CPU figures in benchmarks: its backends are its
	 * children).
	 */
	public long pid() {
		try {
			return Long.parseLong(Files.readAllLines(data().resolve("postmaster.pid")).get(0).trim());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Starts the server again after {@link #stop()}, on its port, with its files. */
	public void startAgain() {
		startServer();
	}

	/** Stops the server at once (fast shutdown) and keeps its files. */
	public void stop() {
		if (Files.exists(data().resolve("postmaster.pid"))) {
			ChildProcess.run("pg_ctl stop", tool("pg_ctl", "-D", data().toString(), "-m", "fast", "-w", "stop"),
					this.base, log(), Duration.ofSeconds(60));
		}
	}

	private void closeQuietly() {
		try {
			close();
		}
		catch (RuntimeException ex) {
			// the JVM is exiting; nothing left to report to
		}
	}

	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			Runtime.getRuntime().removeShutdownHook(this.closeOnExit);
		}
		catch (IllegalStateException ex) {
			// closing from an exit hook
		}
		try {
			stop();
		}
		finally {
			deleteRecursively(this.base);
			deleteRecursively(log());
		}
	}

	/**
	 * Password authentication (SCRAM-SHA-256) for every connection, over TCP and the
	 * socket alike: nothing reaches the data without the password.
	 */
	private void initdb() {
		Path passwordFile = this.base.resolve("pwfile");
		try {
			Files.writeString(passwordFile, this.password + "\n");
			if (this.asRoot) {
				UserPrincipalLookupService users = this.base.getFileSystem().getUserPrincipalLookupService();
				Files.setOwner(passwordFile, users.lookupPrincipalByName(USER));
			}
			Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
			ChildProcess.run("initdb",
					tool("initdb", "-D", data().toString(), "-U", USER, "--auth=scram-sha-256",
							"--pwfile=" + passwordFile, "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"),
					this.base, log(), Duration.ofSeconds(120));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the PostgreSQL password file", ex);
		}
		finally {
			try {
				Files.deleteIfExists(passwordFile);
			}
			catch (IOException ex) {
				// left in the cluster's own directory, readable by its owner only
			}
		}
	}

	private void startServer() {
		// durability is traded for speed: these clusters hold test and demo data only
		String options = String.join(" ", "-p", String.valueOf(this.port), "-h", "127.0.0.1", "-k",
				this.base.toString(), "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
				"-c", "max_connections=200");
		ChildProcess.run(
				"pg_ctl start", tool("pg_ctl", "-D", data().toString(), "-l",
						this.base.resolve("server.log").toString(), "-w", "-t", "60", "-o", options, "start"),
				this.base, log(), Duration.ofSeconds(90));
	}

	private List<String> tool(String name, String... args) {
		List<String> command = new ArrayList<>();
		if (this.asRoot) {
			command.addAll(List.of("runuser", "-u", USER, "--"));
		}
		command.add(this.bin.resolve(name).toString());
		command.addAll(List.of(args));
		return command;
	}

	private Path data() {
		return this.base.resolve("data");
	}

	private Path log() {
		// outside the data directory: written by us (root), not by the postgres user
		return this.base.getParent().resolve(this.base.getFileName() + ".tools.log");
	}

	static Optional<Path> findBin(Map<String, String> environment) {
		String configured = environment.get("PG_BIN");
		if (configured != null && !configured.isBlank()) {
			return Optional.of(Path.of(configured)).filter((dir) -> Files.isExecutable(dir.resolve("initdb")));
		}
		Path root = Path.of("/usr/lib/postgresql");
		if (!Files.isDirectory(root)) {
			return Optional.empty();
		}
		try (Stream<Path> versions = Files.list(root)) {
			return versions.map((version) -> version.resolve("bin"))
				.filter((dir) -> Files.isExecutable(dir.resolve("initdb")))
				.max(Comparator.comparing((Path dir) -> versionNumber(dir.getParent().getFileName().toString())));
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private static int versionNumber(String name) {
		try {
			return Integer.parseInt(name.replaceAll("\\D.*", ""));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	static void deleteRecursively(Path dir) {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> {
				try {
					Files.deleteIfExists(path);
				}
				catch (IOException ex) {
					// best effort: a file the server still writes is left behind
				}
			});
		}
		catch (IOException ex) {
			// best effort
		}
	}

}
