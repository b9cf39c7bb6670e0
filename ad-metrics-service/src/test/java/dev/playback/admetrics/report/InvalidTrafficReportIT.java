package dev.playback.admetrics.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.playback.admetrics.AdMetricsServiceApplication;
import dev.playback.infra.ApiCalls;
import dev.playback.infra.ConsumerGroups;
import dev.playback.infra.LocalInfrastructure;
import dev.playback.schemas.AdPlayback;
import dev.playback.schemas.AvroSerdes;
import dev.playback.schemas.DeviceType;
import dev.playback.schemas.InvalidTraffic;
import dev.playback.schemas.Topics;
import dev.playback.schemas.ViewingSession;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round 2 of the impression report on the real servers: sessions of general invalid
 * traffic are kept out of every column but {@code givtExcludedImpressions}, also when a
 * later revision finds a session invalid; measurable and viewable impressions; and the
 * reconciliation export, whose rows count to the report's figures.
 */
class InvalidTrafficReportIT {

	static final String OPERATOR = "operator-secret-for-givt-tests";

	static final String GROUP = "admetrics-givt-it";

	static final String DAY = "2026-10-06";

	static final LocalInfrastructure infra = LocalInfrastructure.shared();

	static final JsonMapper JSON = JsonMapper.builder().build();

	static ConfigurableApplicationContext app;

	static ApiCalls api;

	@BeforeAll
	static void start() throws Exception {
		app = AdMetricsServiceApplication.application()
			.run(infra.serviceArguments("playback.admetrics", "admetrics_givt_it", "--server.port=0",
					"--spring.main.banner-mode=off", "--spring.kafka.consumer.group-id=" + GROUP,
					"--playback.admetrics.operator-key=" + OPERATOR));
		api = new ApiCalls(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
		api.put("/v1/admin/advertisers/givt-adv", "{\"name\":\"Brand\"}", OPERATOR);
		api.put("/v1/admin/advertisers/givt-other", "{\"name\":\"Other\"}", OPERATOR);
		api.put("/v1/admin/campaigns/givt-camp", "{\"advertiserId\":\"givt-adv\",\"name\":\"Winter\"}", OPERATOR);
		api.put("/v1/admin/campaigns/givt-other-camp", "{\"advertiserId\":\"givt-other\",\"name\":\"X\"}", OPERATOR);
		api.put("/v1/admin/ads/givt-ad", "{\"campaignId\":\"givt-camp\",\"durationMs\":15000}", OPERATOR);

		List<ViewingSession> sessions = new ArrayList<>();
		// three viewers' impressions: in view, measured but out of view, not measured
		sessions.add(session("v1", 1, "u1", null, ad("a1", "09:05", true, true)));
		sessions.add(session("v2", 1, "u2", null, ad("a2", "09:10", true, false)));
		sessions.add(session("v3", 1, "u3", null, ad("a3", "09:20", false, true)));
		// a declared bot's impression, in view
		sessions.add(session("b1", 1, "u4", InvalidTraffic.GIVT_BOT_AGENT, ad("a4", "09:30", true, true)));
		// valid at first; its second revision found it a replay bot
		sessions.add(session("b2", 1, "u5", null, ad("a5", "09:40", true, true)));
		sessions.add(session("b2", 2, "u5", InvalidTraffic.GIVT_ACTIVITY, ad("a5", "09:40", true, true)));
		// an invalid session's ad that made no impression: in no column
		sessions.add(session("b3", 1, "u6", InvalidTraffic.GIVT_DATACENTER, new AdPlayback("a6", "givt-ad", 15_000L,
				at("09:50"), 1_000L, 1_000L, 1_000L, false, false, false, true, false, "srv-a6")));
		send(sessions);
		List<ViewingSession> replay = new ArrayList<>(sessions);
		Collections.reverse(replay);
		send(replay);
		ConsumerGroups.awaitCaughtUp(infra.kafkaBootstrapServers(), GROUP, Topics.SESSIONS, Duration.ofSeconds(60));
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void invalidSessionsCountOnlyAsExcludedImpressionsAndViewabilityIsOfMeasuredOnes() throws Exception {
		JsonNode rows = report("hour", "ad").get("rows");
		assertThat(rows.size()).isOne();
		JsonNode row = rows.get(0);
		assertThat(row.get("bucket").asString()).isEqualTo(DAY + "T09:00:00Z");
		assertThat(List.of(row.get("impressions").asLong(), row.get("starts").asLong(), row.get("completes").asLong(),
				row.get("adPlayedMs").asLong(), row.get("uniqueViewers").asLong()))
			.as("impressions, starts, completes, adPlayedMs, uniqueViewers: the three valid viewers only")
			.containsExactly(3L, 3L, 3L, 45_000L, 3L);
		assertThat(row.get("givtExcludedImpressions").asLong()).isEqualTo(2);
		assertThat(row.get("measurableImpressions").asLong()).isEqualTo(2);
		assertThat(row.get("viewableImpressions").asLong()).isEqualTo(1);
		assertThat(row.get("viewableRate").decimalValue()).isEqualByComparingTo("0.5000");
		JsonNode campaign = report("total", "campaign").get("rows").get(0);
		assertThat(campaign.get("givtExcludedImpressions").asLong()).as("the campaign rollup too").isEqualTo(2);
		assertThat(campaign.get("uniqueViewers").asLong()).isEqualTo(3);
	}

	@Test
	void theReconciliationExportCountsToTheReport() throws Exception {
		ResponseEntity<String> export = api.get("/v1/advertisers/givt-adv/campaigns/givt-camp/ad-playbacks?day=" + DAY,
				OPERATOR, "text/csv");
		assertThat(export.getStatusCode().value()).isEqualTo(200);
		assertThat(export.getHeaders().getContentType().toString()).startsWith("text/csv");
		List<CSVRecord> records = CSVFormat.RFC4180.builder()
			.setHeader()
			.setSkipHeaderRecord(true)
			.get()
			.parse(new java.io.StringReader(export.getBody()))
			.getRecords();
		assertThat(records.get(0).getParser().getHeaderNames())
			.containsExactlyElementsOf(ReconciliationController.HEADER)
			.doesNotContain("userId");
		assertThat(export.getBody()).doesNotContain("u1").doesNotContain("u4");
		assertThat(records).extracting((r) -> r.get("adServingId"))
			.containsExactly("srv-a1", "srv-a2", "srv-a3", "srv-a4", "srv-a5", "srv-a6");
		JsonNode row = report("hour", "ad").get("rows").get(0);
		long impressions = records.stream()
			.filter((r) -> r.get("impression").equals("true") && r.get("invalidTraffic").isEmpty())
			.count();
		long excluded = records.stream()
			.filter((r) -> r.get("impression").equals("true") && !r.get("invalidTraffic").isEmpty())
			.count();
		long viewable = records.stream()
			.filter((r) -> r.get("impression").equals("true") && r.get("invalidTraffic").isEmpty()
					&& r.get("measurable").equals("true") && r.get("viewable").equals("true"))
			.count();
		assertThat(impressions).isEqualTo(row.get("impressions").asLong());
		assertThat(excluded).isEqualTo(row.get("givtExcludedImpressions").asLong());
		assertThat(viewable).isEqualTo(row.get("viewableImpressions").asLong());
		assertThat(records).extracting((r) -> r.get("invalidTraffic"))
			.containsExactly("", "", "", "GIVT_BOT_AGENT", "GIVT_ACTIVITY", "GIVT_DATACENTER");
		assertThat(records).allSatisfy((r) -> assertThat(r.get("hour")).isEqualTo(DAY + "T09:00:00Z"));
	}

	@Test
	void theExportIsTheAdvertisersOwn() {
		String otherKey = JSON.readTree(api.post("/v1/admin/advertisers/givt-other/api-keys", OPERATOR).getBody())
			.get("apiKey")
			.asString();
		assertThat(api.get("/v1/advertisers/givt-adv/campaigns/givt-camp/ad-playbacks?day=" + DAY, otherKey, "text/csv")
			.getStatusCode()
			.value()).as("another advertiser's key").isEqualTo(404);
		assertThat(api
			.get("/v1/advertisers/givt-adv/campaigns/givt-other-camp/ad-playbacks?day=" + DAY, OPERATOR, "text/csv")
			.getStatusCode()
			.value()).as("another advertiser's campaign").isEqualTo(404);
		assertThat(
				api.get("/v1/advertisers/givt-adv/campaigns/givt-camp/ad-playbacks?day=yesterday", OPERATOR, "text/csv")
					.getStatusCode()
					.value())
			.isEqualTo(400);
		assertThat(api.get("/v1/advertisers/givt-adv/campaigns/givt-camp/ad-playbacks?day=" + DAY, null, "text/csv")
			.getStatusCode()
			.value()).isEqualTo(401);
	}

	private static JsonNode report(String granularity, String groupBy) throws Exception {
		ResponseEntity<String> answer = api.get("/v1/advertisers/givt-adv/reports/impressions?from=" + DAY + "&to="
				+ DAY + "&granularity=" + granularity + "&groupBy=" + groupBy, OPERATOR, "application/json");
		assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
		return JSON.readTree(answer.getBody());
	}

	private static Instant at(String time) {
		return Instant.parse(DAY + "T" + time + ":00Z");
	}

	/** A 15 s ad watched to the end. */
	private static AdPlayback ad(String playbackId, String startedAt, boolean measurable, boolean viewable) {
		return new AdPlayback(playbackId, "givt-ad", 15_000L, at(startedAt), 15_000L, 15_000L, 15_000L, true, false,
				false, measurable, viewable, "srv-" + playbackId);
	}

	private static ViewingSession session(String id, long revision, String user, InvalidTraffic invalid,
			AdPlayback ad) {
		Instant start = at("09:00");
		return ViewingSession.newBuilder()
			.setSessionId("givt-" + id)
			.setPlaybackId("givt-" + id)
			.setRevision(revision)
			.setUserId(user)
			.setVideoId("video-1")
			.setCountry("DE")
			.setDeviceType(DeviceType.WEB)
			.setStartedAt(start)
			.setLastEventAt(start.plusSeconds(3_600))
			.setLastPositionMs(0)
			.setSegments(List.of())
			.setUniqueWatchedMs(0)
			.setPlayedMs(0)
			.setPlayedMsByDay(List.of())
			.setAds(List.of(ad))
			.setEventCount(revision)
			.setClosed(false)
			.setInvalidTraffic(invalid)
			.build();
	}

	private static void send(List<ViewingSession> sessions) throws Exception {
		try (KafkaProducer<String, ViewingSession> producer = AvroSerdes.producer(infra.registry().apiUrl(),
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()))) {
			for (ViewingSession session : sessions) {
				producer.send(new ProducerRecord<>(Topics.SESSIONS, session.getSessionId(), session)).get();
			}
		}
	}

}
