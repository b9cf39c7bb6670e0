package dev.playback.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules and the dashboards in the chart (deploy/helm/playback/monitoring) parse
 * and are complete, and the chart ships them when told to: the dashboards as ConfigMaps
 * for Grafana's sidecar, the rules as a PrometheusRule. That their metrics and labels
 * exist is checked against the running services by EndToEndIT.
 */
class MonitoringTest {

	static final Path MONITORING = HelmChartTest.CHART.resolve("monitoring");

	static final List<String> DASHBOARDS = List.of("operations", "business");

	@Test
	@SuppressWarnings("unchecked")
	void everyAlertHasAnExpressionASeverityAndASummary() throws Exception {
		List<Map<String, Object>> alerts = alerts(
				Serialization.unmarshal(Files.readString(MONITORING.resolve("alert-rules.yaml")), Map.class));
		assertThat(alerts).extracting((alert) -> alert.get("alert"))
			.contains("IngestAnswering503", "ReportConsumerLag", "SessionsNotEmitted", "StatementsStale");
		for (Map<String, Object> alert : alerts) {
			assertThat((String) alert.get("expr")).as(alert.get("alert") + " expr").isNotBlank();
			assertThat((Map<String, Object>) alert.get("labels")).containsKey("severity");
			assertThat((Map<String, Object>) alert.get("annotations")).containsKey("summary");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "operations", "business" })
	@SuppressWarnings("unchecked")
	void everyDashboardPanelQueriesPrometheus(String name) throws Exception {
		Map<String, Object> dashboard = dashboard(name);
		List<Map<String, Object>> panels = (List<Map<String, Object>>) dashboard.get("panels");
		assertThat(panels).hasSizeGreaterThanOrEqualTo(8);
		for (Map<String, Object> panel : panels) {
			List<Map<String, Object>> targets = (List<Map<String, Object>>) panel.get("targets");
			assertThat(targets).as((String) panel.get("title")).isNotEmpty();
			targets.forEach((target) -> assertThat((String) target.get("expr")).isNotBlank());
			assertThat((Map<String, Object>) panel.get("datasource")).containsEntry("uid", "${datasource}");
		}
		assertThat(panels).extracting((panel) -> panel.get("id")).doesNotHaveDuplicates();
	}

	@Test
	@SuppressWarnings("unchecked")
	void theBusinessDashboardShowsWhatTheIssueAsked() throws Exception {
		List<Map<String, Object>> panels = (List<Map<String, Object>>) dashboard("business").get("panels");
		String all = Serialization.asJson(panels);
		assertThat(all).contains("sum by (trafficClass) (rate(heartbeats_accepted_total",
				"sum by (deviceType) (rate(heartbeats_accepted_total", "sum(sessions_open)", "sessions_closed_total",
				"royalty_played_seconds_total", "admetrics_impressions_total{change=\\\"added\\\"}",
				"sessions_deadlettered_total", "outcome=\\\"late\\\"");
		Map<String, Object> today = panels.stream()
			.filter((panel) -> ((String) panel.get("title")).startsWith("Hours streamed today"))
			.findFirst()
			.orElseThrow();
		assertThat(today).as("the day so far").containsEntry("timeFrom", "now/d");
	}

	@Test
	@SuppressWarnings("unchecked")
	void theChartShipsTheDashboardsAndTheRulesWhenToldTo() throws Exception {
		assertThat(HelmChartTest.render("values-dev.yaml"))
			.noneMatch((object) -> object.getKind().equals("PrometheusRule"))
			.noneMatch((object) -> object.getMetadata().getName().startsWith("playback-dashboard-"));

		List<HasMetadata> peak = HelmChartTest.render("values-peak.yaml");
		for (String name : DASHBOARDS) {
			ConfigMap map = HelmChartTest.ofType(peak, ConfigMap.class)
				.stream()
				.filter((object) -> object.getMetadata().getName().equals("playback-dashboard-" + name))
				.findFirst()
				.orElseThrow();
			assertThat(map.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
			assertThat(map.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Playback");
			assertThat(Serialization.unmarshal(map.getData().get("playback-" + name + ".json"), Map.class))
				.as("the file, unchanged")
				.isEqualTo(dashboard(name));
		}
		GenericKubernetesResource rule = HelmChartTest.ofType(peak, GenericKubernetesResource.class)
			.stream()
			.filter((object) -> object.getKind().equals("PrometheusRule"))
			.findFirst()
			.orElseThrow();
		Map<String, Object> spec = (Map<String, Object>) rule.getAdditionalProperties().get("spec");
		assertThat(alerts(spec)).isEqualTo(
				alerts(Serialization.unmarshal(Files.readString(MONITORING.resolve("alert-rules.yaml")), Map.class)));
		assertThat(Serialization.asYaml(spec)).as("Prometheus's templates, not helm's")
			.contains("{{ $labels.application }}");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> alerts(Map<String, Object> spec) {
		return ((List<Map<String, Object>>) spec.get("groups")).stream()
			.flatMap((group) -> ((List<Map<String, Object>>) group.get("rules")).stream())
			.toList();
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> dashboard(String name) throws Exception {
		return Serialization.unmarshal(Files.readString(MONITORING.resolve(name + "-dashboard.json")), Map.class);
	}

}
