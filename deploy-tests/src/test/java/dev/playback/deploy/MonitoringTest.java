package dev.playback.deploy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules and the dashboard under deploy/monitoring parse and are complete. That
 * their metrics exist is checked against the running services by EndToEndIT.
 */
class MonitoringTest {

	static final Path MONITORING = Path.of("..", "deploy", "monitoring");

	@Test
	@SuppressWarnings("unchecked")
	void everyAlertHasAnExpressionASeverityAndASummary() throws Exception {
		GenericKubernetesResource rule;
		try (InputStream in = Files.newInputStream(MONITORING.resolve("prometheus-rules.yaml"))) {
			rule = Serialization.unmarshal(in);
		}
		assertThat(rule.getKind()).isEqualTo("PrometheusRule");
		List<Map<String, Object>> groups = (List<Map<String, Object>>) ((Map<String, Object>) rule
			.getAdditionalProperties()
			.get("spec")).get("groups");
		List<Map<String, Object>> alerts = groups.stream()
			.flatMap((group) -> ((List<Map<String, Object>>) group.get("rules")).stream())
			.toList();
		assertThat(alerts).extracting((alert) -> alert.get("alert"))
			.contains("IngestAnswering503", "ReportConsumerLag", "SessionsNotEmitted", "StatementsStale");
		for (Map<String, Object> alert : alerts) {
			assertThat((String) alert.get("expr")).as(alert.get("alert") + " expr").isNotBlank();
			assertThat((Map<String, Object>) alert.get("labels")).containsKey("severity");
			assertThat((Map<String, Object>) alert.get("annotations")).containsKey("summary");
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyDashboardPanelQueriesPrometheus() throws Exception {
		Map<String, Object> dashboard = Serialization
			.unmarshal(Files.readString(MONITORING.resolve("grafana-dashboard.json")), Map.class);
		List<Map<String, Object>> panels = (List<Map<String, Object>>) dashboard.get("panels");
		assertThat(panels).hasSizeGreaterThanOrEqualTo(8);
		for (Map<String, Object> panel : panels) {
			List<Map<String, Object>> targets = (List<Map<String, Object>>) panel.get("targets");
			assertThat(targets).as((String) panel.get("title")).isNotEmpty();
			targets.forEach((target) -> assertThat((String) target.get("expr")).isNotBlank());
		}
	}

}
