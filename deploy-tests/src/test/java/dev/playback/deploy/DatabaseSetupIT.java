package dev.playback.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.playback.infra.PostgresServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The chart's pre-install database Job, run as rendered (its script, its psql command,
 * its environment resolved from the rendered Secrets) against a real PostgreSQL server
 * standing in for YugabyteDB's YSQL, as its admin. Each service's role must then log in
 * to its own database with the generated password; a second install (after an uninstall)
 * sets new passwords on the roles that exist.
 */
class DatabaseSetupIT {

	private static final List<String> DATABASES = List.of("royalty", "admetrics", "registry");

	@Test
	void theInstallJobCreatesEachServicesRoleAndDatabaseWithItsGeneratedPassword(@TempDir Path dir) throws Exception {
		try (PostgresServer server = PostgresServer.start()) {
			List<HasMetadata> first = HelmChartTest.renderWithHooks(dir.resolve("first"), "values-dev.yaml");
			assertThat(runSetup(first, server, dir.resolve("run-1"))).contains("database royalty: ready",
					"database admetrics: ready", "database registry: ready");
			for (String database : DATABASES) {
				String password = password(first, database);
				assertThat(owner(server, database, password)).isEqualTo(database);
			}

			List<HasMetadata> second = HelmChartTest.renderWithHooks(dir.resolve("second"), "values-dev.yaml");
			String output = runSetup(second, server, dir.resolve("run-2"));
			assertThat(output).contains("database registry: ready");
			for (String database : DATABASES) {
				assertThat(owner(server, database, password(second, database))).isEqualTo(database);
				assertThatThrownBy(() -> owner(server, database, password(first, database)))
					.as("the first install's password no longer logs in")
					.isInstanceOf(SQLException.class);
			}
			for (String database : DATABASES) {
				assertThat(output).as("no password in the Job's log").doesNotContain(password(second, database));
			}
		}
	}

	/** Runs the Job's container command as the Job would, with psql on the path. */
	private static String runSetup(List<HasMetadata> objects, PostgresServer server, Path dir)
			throws IOException, InterruptedException {
		ConfigMap script = HelmChartTest.only(objects, ConfigMap.class);
		Path setup = Files.createDirectories(dir.resolve("setup"));
		for (Map.Entry<String, String> file : script.getData().entrySet()) {
			Files.writeString(setup.resolve(file.getKey()), file.getValue());
		}
		Container container = HelmChartTest.only(objects, Job.class)
			.getSpec()
			.getTemplate()
			.getSpec()
			.getContainers()
			.get(0);
		assertThat(container.getVolumeMounts().get(0).getMountPath()).isEqualTo("/setup");
		List<String> command = new java.util.ArrayList<>(container.getCommand());
		command.add(container.getArgs().get(0).replace("/setup/", setup + "/"));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		Map<String, String> environment = builder.environment();
		environment.keySet().removeIf((name) -> name.startsWith("PG"));
		environment.putAll(environment(container, objects, server));
		environment.put("PATH", server.psql().getParent() + ":" + environment.get("PATH"));
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		return output;
	}

	/**
	 * The Job's environment: its values, its Secrets' keys from the rendered Secrets, the
	 * admin's Secret (made beside YugabyteDB, not by the chart) from this server, and the
	 * server's address in place of YugabyteDB's.
	 */
	private static Map<String, String> environment(Container container, List<HasMetadata> objects,
			PostgresServer server) {
		Map<String, String> admin = Map.of("username", server.username(), "password", server.password());
		Map<String, String> environment = new HashMap<>();
		for (EnvVar variable : container.getEnv()) {
			if (variable.getValueFrom() == null) {
				environment.put(variable.getName(), variable.getValue());
				continue;
			}
			SecretKeySelector ref = variable.getValueFrom().getSecretKeyRef();
			environment.put(variable.getName(), ref.getName().equals("yugabytedb-admin") ? admin.get(ref.getKey())
					: HelmChartTest.decoded(HelmChartTest.secret(objects, ref.getName()), ref.getKey()));
		}
		assertThat(environment).containsEntry("PGHOST", "yb-tservers.yugabytedb.svc")
			.containsEntry("PGDATABASE", "yugabyte");
		environment.put("PGHOST", "127.0.0.1");
		environment.put("PGPORT", String.valueOf(server.port()));
		environment.put("PGDATABASE", "postgres");
		return environment;
	}

	private static String password(List<HasMetadata> objects, String database) {
		return HelmChartTest.decoded(HelmChartTest.secret(objects, "playback-" + database + "-db"), "password");
	}

	/** Logs in as the database's role and asks who owns the database. */
	private static String owner(PostgresServer server, String database, String password) throws SQLException {
		try (Connection connection = DriverManager.getConnection(server.jdbcUrl(database), database, password);
				Statement statement = connection.createStatement();
				ResultSet owner = statement.executeQuery(
						"SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")) {
			assertThat(owner.next()).isTrue();
			return owner.getString(1);
		}
	}

}
