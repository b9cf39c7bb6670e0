package dev.playback.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

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
	 * The alert rules and the dashboards of the chart (deploy/helm/playback/monitoring)
	 * query only metrics the running services publish, with labels those metrics carry:
	 * every label a selector matches on, and every label a query groups by on one of its
	 * metrics.
	 */
	@Test
	void theDashboardsAndAlertsReadMetricsAndLabelsTheServicesPublish() throws Exception {
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
		List<String> expressions = new ArrayList<>();
		for (String file : List.of("alert-rules.yaml", "operations-dashboard.json", "business-dashboard.json")) {
			expressions.addAll(expressions(MONITORING.resolve(file)));
		}
		assertThat(expressions).hasSizeGreaterThan(30);
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
			for (String expression : expressions) {
				missing.addAll(unpublished(expression, published));
			}
			assertThat(missing).as("metrics and labels the dashboards and alerts use that no service publishes")
				.isEmpty();
			assertThat(unpublished("sum by (nope) (rate(heartbeats_accepted_total{bogus=\"x\"}[1m])) + no_such_metric",
					published))
				.as("the check finds what is not there")
				.containsExactlyInAnyOrder("no_such_metric", "heartbeats_accepted_total{bogus}",
						"by (nope) on [heartbeats_accepted_total, no_such_metric]");
		});
	}

	/**
	 * What an expression uses that is not in {@code published}: metric names, labels of
	 * its selectors ({@code name{label="..."}}), and labels it groups by (on one of its
	 * metrics).
	 */
	static Set<String> unpublished(String expression, CharSequence published) {
		Set<String> missing = new TreeSet<>();
		Set<String> metrics = new TreeSet<>();
		Matcher names = METRIC.matcher(expression.replaceAll("\\b(by|without) \\([^)]*\\)", "")
			.replaceAll("\\{[^}]*\\}", "")
			.replaceAll("\\[[^]]*\\]", ""));
		while (names.find()) {
			if (!names.group().equals("histogram_quantile")) {
				metrics.add(names.group());
			}
		}
		for (String metric : metrics) {
			if (!Pattern.compile("(?m)^" + metric + "[{ ]").matcher(published).find()) {
				missing.add(metric);
			}
		}
		Matcher selectors = Pattern.compile("\\b([a-z][a-z0-9_]*)\\{([^}]*)\\}").matcher(expression);
		while (selectors.find()) {
			Matcher labels = Pattern.compile("([A-Za-z_]+)\\s*(?:=~|!=|!~|=)").matcher(selectors.group(2));
			while (labels.find()) {
				if (!Pattern.compile("(?m)^" + selectors.group(1) + "\\{[^}]*\\b" + labels.group(1) + "=")
					.matcher(published)
					.find()) {
					missing.add(selectors.group(1) + "{" + labels.group(1) + "}");
				}
			}
		}
		Matcher groupings = Pattern.compile("\\bby \\(([^)]*)\\)").matcher(expression);
		while (groupings.find()) {
			for (String label : groupings.group(1).split(",\\s*")) {
				// le is every histogram bucket's; instance is Prometheus's own, added
				// when it scrapes
				boolean found = label.equals("instance") || metrics.stream()
					.anyMatch((metric) -> Pattern.compile("(?m)^" + metric + "\\{[^}]*\\b" + label + "=")
						.matcher(published)
						.find());
				if (!found) {
					missing.add("by (" + label + ") on " + metrics);
				}
			}
		}
		return missing;
	}

	/** The PromQL expressions of an alert rules file or a Grafana dashboard. */
	@SuppressWarnings("unchecked")
	static List<String> expressions(Path file) throws Exception {
		List<String> expressions = new ArrayList<>();
		if (file.toString().endsWith(".json")) {
			JsonMapper.builder()
				.build()
				.readTree(file.toFile())
				.findValues("expr")
				.forEach((expr) -> expressions.add(expr.asString()));
		}
		else {
			Map<String, Object> rules = new Yaml().load(Files.readString(file));
			for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
				for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
					expressions.add((String) rule.get("expr"));
				}
			}
		}
		return expressions;
	}

	/** Metric names in PromQL: lower-case words joined by underscores. */
	static final Pattern METRIC = Pattern.compile("\\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\\b");

	static final Path MONITORING = Path.of("..", "deploy", "helm", "playback", "monitoring");

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
