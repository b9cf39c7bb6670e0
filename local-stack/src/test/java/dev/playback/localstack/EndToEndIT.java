package dev.playback.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The thin slice through all four services on the real broker, registry and PostgreSQL: a
 * heartbeat POSTed to ingest-api becomes a session that both report databases store.
 */
class EndToEndIT {

	static LocalStack stack;

	@BeforeAll
	static void start() {
		stack = SharedStack.get();
	}

	@Test
	void heartbeatsBecomeASessionInBothReportDatabasesWithinTenSeconds() {
		String user = "user-" + UUID.randomUUID();
		String playback = "pb-" + UUID.randomUUID();
		Instant start = Instant.now().minusSeconds(10);
		String body = "[" + event(playback, 0, user, "START", 0, start) + ","
				+ event(playback, 1, user, "HEARTBEAT", 5_000, start.plusSeconds(5)) + "]";
		var response = RestClient.create(stack.url("ingest-api"))
			.post()
			.uri("/v1/heartbeats")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(String.class);
		assertThat(response.getStatusCode().value()).isEqualTo(202);

		JdbcClient royalty = jdbc(LocalStack.ROYALTY_DATABASE);
		JdbcClient adMetrics = jdbc(LocalStack.AD_METRICS_DATABASE);
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			assertThat(royalty
				.sql("SELECT user_id, video_id, played_ms, revision FROM session_usage WHERE session_id = ?")
				.param(playback)
				.query((rs, row) -> rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getLong(3) + "/" + rs.getLong(4))
				.list()).containsExactly(user + "/video-7/5000/2");
			assertThat(adMetrics.sql("SELECT user_id, revision FROM session_ads WHERE session_id = ?")
				.param(playback)
				.query((rs, row) -> rs.getString(1) + "/" + rs.getLong(2))
				.list()).containsExactly(user + "/2");
		});
	}

	@Test
	void everyServiceReportsLiveAndReadyAndServesPrometheusMetrics() {
		for (String service : stack.ports().keySet()) {
			RestClient client = RestClient.create(stack.url(service));
			assertThat(client.get().uri("/actuator/health/liveness").retrieve().body(String.class)).contains("UP");
			assertThat(client.get().uri("/actuator/health/readiness").retrieve().body(String.class)).contains("UP");
			assertThat(client.get().uri("/actuator/prometheus").retrieve().body(String.class))
				.contains("application=\"" + service + "\"");
		}
	}

	/**
	 * The alert rules and the dashboard under deploy/monitoring use only metrics the
	 * running services publish.
	 */
	@Test
	void theDashboardAndAlertsReadMetricsTheServicesPublish() throws Exception {
		String user = "user-" + UUID.randomUUID();
		RestClient ingest = RestClient.create(stack.url("ingest-api"));
		ingest.post()
			.uri("/v1/heartbeats")
			.contentType(MediaType.APPLICATION_JSON)
			.body(event("pb-" + UUID.randomUUID(), 0, user, "START", 0, Instant.now()))
			.retrieve()
			.toBodilessEntity();
		ingest.post()
			.uri("/v1/heartbeats")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"seq\": -1}")
			.retrieve()
			.onStatus((status) -> true, (request, response) -> {
			})
			.toBodilessEntity();
		Set<String> used = new TreeSet<>();
		for (String file : List.of("prometheus-rules.yaml", "grafana-dashboard.json")) {
			Matcher names = METRIC.matcher(Files.readString(MONITORING.resolve(file)));
			while (names.find()) {
				used.add(names.group());
			}
		}
		used.remove("histogram_quantile");
		assertThat(used).hasSizeGreaterThan(10);
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			StringBuilder published = new StringBuilder();
			for (String service : stack.ports().keySet()) {
				published.append(RestClient.create(stack.url(service))
					.get()
					.uri("/actuator/prometheus")
					.retrieve()
					.body(String.class));
			}
			Set<String> missing = new TreeSet<>();
			for (String name : used) {
				if (!Pattern.compile("(?m)^" + name + "[{ ]").matcher(published).find()) {
					missing.add(name);
				}
			}
			assertThat(missing).as("metrics used by deploy/monitoring that no service publishes").isEmpty();
		});
	}

	/** Metric names in PromQL: lower-case words joined by underscores. */
	static final Pattern METRIC = Pattern.compile("\\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\\b");

	static final Path MONITORING = Path.of("..", "deploy", "monitoring");

	private static JdbcClient jdbc(String database) {
		var postgres = stack.infra().postgres();
		DataSource dataSource = new DriverManagerDataSource(postgres.jdbcUrl(database), postgres.username(),
				postgres.password());
		return JdbcClient.create(dataSource);
	}

	static String event(String playbackId, int seq, String userId, String type, long positionMs, Instant at) {
		return String.format(
				"{\"eventId\":\"%s\",\"playbackId\":\"%s\",\"seq\":%d,\"userId\":\"%s\","
						+ "\"videoId\":\"video-7\",\"type\":\"%s\",\"positionMs\":%d,\"eventTime\":\"%s\"}",
				UUID.randomUUID(), playbackId, seq, userId, type, positionMs, at);
	}

}
