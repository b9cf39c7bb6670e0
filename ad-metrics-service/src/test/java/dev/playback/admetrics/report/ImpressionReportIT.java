package dev.playback.admetrics.report;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.playback.admetrics.AdMetricsServiceApplication;
import dev.playback.infra.BadInputs;
import dev.playback.infra.ConsumerGroups;
import dev.playback.infra.DeadLetters;
import dev.playback.infra.ApiCalls;
import dev.playback.infra.LocalInfrastructure;
import dev.playback.reports.catalog.IdRule;
import dev.playback.schemas.AdPlayback;
import dev.playback.schemas.AvroSerdes;
import dev.playback.schemas.DeviceType;
import dev.playback.schemas.Topics;
import dev.playback.schemas.ViewingSession;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ad-metrics-service on a real broker, registry and PostgreSQL server: the catalog API,
 * sessions from the topic (shuffled revisions, replays, poison), and the reports over
 * HTTP.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImpressionReportIT {

	static final String OPERATOR = "operator-secret-for-ad-tests";

	static final String GROUP = "admetrics-report-it";

	static final String DAY = "2026-10-05";

	static final LocalInfrastructure infra = LocalInfrastructure.shared();

	static final JsonMapper JSON = JsonMapper.builder().build();

	static ConfigurableApplicationContext app;

	static ApiCalls api;

	static String keyA;

	static String keyB;

	@BeforeAll
	static void start() {
		app = AdMetricsServiceApplication.application()
			.run(infra.serviceArguments("playback.admetrics", "admetrics_report_it", "--server.port=0",
					"--spring.main.banner-mode=off", "--spring.kafka.consumer.group-id=" + GROUP,
					"--playback.admetrics.operator-key=" + OPERATOR));
		api = new ApiCalls(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	@Order(1)
	void theCatalogIsKeptWithTheOperatorsKeyAndAdsImportAllOrNothing() throws Exception {
		assertThat(
				api.put("/v1/admin/advertisers/adv-a", "{\"name\":\"Advertiser A\"}", OPERATOR).getStatusCode().value())
			.isEqualTo(200);
		assertThat(
				api.put("/v1/admin/advertisers/adv-b", "{\"name\":\"Advertiser B\"}", OPERATOR).getStatusCode().value())
			.isEqualTo(200);
		assertThat(api.put("/v1/admin/campaigns/camp-a1", "{\"advertiserId\":\"adv-a\",\"name\":\"Autumn\"}", OPERATOR)
			.getStatusCode()
			.value()).isEqualTo(200);
		assertThat(api.put("/v1/admin/campaigns/camp-b1", "{\"advertiserId\":\"adv-b\",\"name\":\"Other\"}", OPERATOR)
			.getStatusCode()
			.value()).isEqualTo(200);
		assertThat(api.put("/v1/admin/campaigns/camp-x", "{\"advertiserId\":\"nobody\",\"name\":\"X\"}", OPERATOR)
			.getStatusCode()
			.value()).isEqualTo(404);
		assertThat(api.put("/v1/admin/ads/ad-b1", "{\"campaignId\":\"camp-b1\",\"durationMs\":15000}", OPERATOR)
			.getStatusCode()
			.value()).isEqualTo(200);

		ResponseEntity<String> bad = api.postCsv("/v1/admin/ads/import",
				"adId,campaignId,durationMs\nad-a1,camp-a1,15000\nad/2,camp-a1,0\n" + "ad-a3,camp-zz,30000\n",
				OPERATOR);
		assertThat(bad.getStatusCode().value()).isEqualTo(400);
		JsonNode problem = JSON.readTree(bad.getBody());
		assertThat(problem.get("errors").size()).isEqualTo(3);
		assertThat(problem.get("errors").toString()).contains("\"row\":3,\"field\":\"adId\"")
			.contains("\"row\":3,\"field\":\"durationMs\"")
			.contains("\"row\":4,\"field\":\"campaignId\"");
		assertThat(jdbc().sql("SELECT COUNT(*) FROM ads WHERE ad_id = 'ad-a1'").query(Long.class).single())
			.as("nothing of a bad import")
			.isZero();
		ResponseEntity<String> good = api.postCsv("/v1/admin/ads/import",
				"adId,campaignId,durationMs\nad-a1,camp-a1,15000\nad-a2,camp-a1,30000\n", OPERATOR);
		assertThat(good.getStatusCode().value()).isEqualTo(200);
		assertThat(JSON.readTree(good.getBody()).get("imported").asInt()).isEqualTo(2);

		keyA = JSON.readTree(api.post("/v1/admin/advertisers/adv-a/api-keys", OPERATOR).getBody())
			.get("apiKey")
			.asString();
		keyB = JSON.readTree(api.post("/v1/admin/advertisers/adv-b/api-keys", OPERATOR).getBody())
			.get("apiKey")
			.asString();
		assertThat(jdbc().sql("SELECT api_key_hash FROM advertisers WHERE advertiser_id = 'adv-a'")
			.query(String.class)
			.single()).as("stored hashed").hasSize(64).doesNotContain(keyA);
	}

	@Test
	@Order(2)
	void shuffledAndReplayedRevisionsGiveTheReportTheRulesGive() throws Exception {
		List<ViewingSession> sessions = new ArrayList<>();
		// u1 in DE on a phone: a completed ad at 10:05 and another at 10:40
		sessions
			.add(session("s1", 1, "u1", "DE", DeviceType.ANDROID, ad("p1", "ad-a1", 15_000, "10:05", 15_000, true)));
		sessions
			.add(session("s3", 1, "u1", "DE", DeviceType.ANDROID, ad("p4", "ad-a1", 15_000, "10:40", 15_000, true)));
		// u2 in FR on a TV: 1.9 s of one ad (no impression), then 8 s of another, skipped
		// and clicked
		AdPlayback p3 = new AdPlayback("p3", "ad-a2", 30_000L, at("11:10"), 8_000L, 8_000L, 8_000L, false, true, true,
				false, false, null);
		sessions.add(session("s2", 2, "u2", "FR", DeviceType.TV, ad("p2", "ad-a1", 15_000, "10:20", 1_900, false), p3));
		sessions.add(session("s2", 1, "u2", "FR", DeviceType.TV, ad("p2", "ad-a1", 15_000, "10:20", 1_000, false)));
		// u4, no country or device: an ad not in the catalog yet
		sessions.add(session("s5", 1, "u4", null, null, ad("p5", "ad-late", 15_000, "10:30", 5_000, false)));
		// another advertiser's ad
		sessions.add(session("s4", 1, "u3", "DE", DeviceType.WEB, ad("p6", "ad-b1", 15_000, "10:10", 15_000, true)));
		send(sessions);
		List<ViewingSession> replay = new ArrayList<>(sessions);
		Collections.reverse(replay);
		send(replay);
		ConsumerGroups.awaitCaughtUp(infra.kafkaBootstrapServers(), GROUP, Topics.SESSIONS, Duration.ofSeconds(60));

		JsonNode rows = report("adv-a", keyA, "hour", "campaign").get("rows");
		assertThat(rows.size()).isEqualTo(2);
		assertRow(rows.get(0), "2026-10-05T10:00:00Z", "camp-a1", 2, 3, 2, 2, 2, 2, 0, 0, "0.6667", 31_900, 1,
				"2.0000");
		assertRow(rows.get(1), "2026-10-05T11:00:00Z", "camp-a1", 1, 1, 1, 0, 0, 0, 1, 1, "0.0000", 8_000, 1, "1.0000");

		// the ad arrives in the catalog: its playbacks, counted all along, are attributed
		// now
		assertThat(api.put("/v1/admin/ads/ad-late", "{\"campaignId\":\"camp-a1\",\"durationMs\":15000}", OPERATOR)
			.getStatusCode()
			.value()).isEqualTo(200);
		rows = report("adv-a", keyA, "hour", "campaign").get("rows");
		assertRow(rows.get(0), "2026-10-05T10:00:00Z", "camp-a1", 3, 4, 3, 2, 2, 2, 0, 0, "0.5000", 36_900, 2,
				"1.5000");

		JsonNode byCountry = report("adv-a", keyA, "day", "country").get("rows");
		assertThat(byCountry.size()).isEqualTo(3);
		assertThat(byCountry.get(0).get("group").isNull()).as("sessions without a country first").isTrue();
		assertRow(byCountry.get(1), "2026-10-05T00:00:00Z", "DE", 2, 2, 2, 2, 2, 2, 0, 0, "1.0000", 30_000, 1,
				"2.0000");
		assertRow(byCountry.get(2), "2026-10-05T00:00:00Z", "FR", 1, 2, 1, 0, 0, 0, 1, 1, "0.0000", 9_900, 1, "1.0000");

		// a new playback of it counts for its campaign when it is applied (the consumer's
		// answers of the catalog from before are not used any more)
		send(List.of(session("s6", 1, "u5", "DE", DeviceType.WEB, ad("p7", "ad-late", 15_000, "13:05", 15_000, true))));
		ConsumerGroups.awaitCaughtUp(infra.kafkaBootstrapServers(), GROUP, Topics.SESSIONS, Duration.ofSeconds(60));
		rows = report("adv-a", keyA, "hour", "campaign").get("rows");
		assertThat(rows.size()).isEqualTo(3);
		assertRow(rows.get(2), "2026-10-05T13:00:00Z", "camp-a1", 1, 1, 1, 1, 1, 1, 0, 0, "1.0000", 15_000, 1,
				"1.0000");
	}

	@Test
	@Order(3)
	void aRevisionThatTakesImpressionsAwayTakesTheirViewersAwayToo() throws Exception {
		// late events split u1's continuous runs: neither ad playback reaches 2 s in a
		// row any more
		send(List.of(session("s1", 2, "u1", "DE", DeviceType.ANDROID, ad("p1", "ad-a1", 15_000, "10:05", 1_500, true)),
				session("s3", 2, "u1", "DE", DeviceType.ANDROID, ad("p4", "ad-a1", 15_000, "10:40", 1_000, true))));
		ConsumerGroups.awaitCaughtUp(infra.kafkaBootstrapServers(), GROUP, Topics.SESSIONS, Duration.ofSeconds(60));
		JsonNode hour10 = report("adv-a", keyA, "hour", "ad").get("rows").get(0);
		assertThat(hour10.get("group").asString()).isEqualTo("ad-a1");
		assertThat(hour10.get("impressions").asLong()).isZero();
		assertThat(hour10.get("uniqueViewers").asLong()).as("u1 has no impression left").isZero();
		assertThat(hour10.get("frequency").isNull()).isTrue();
		JsonNode campaign = report("adv-a", keyA, "hour", "campaign").get("rows").get(0);
		assertThat(campaign.get("impressions").asLong()).isOne();
		assertThat(campaign.get("uniqueViewers").asLong()).as("u4 only").isOne();

		// the dashboards' impressions per minute: what was added less what was withdrawn
		// is
		// what the reports hold
		JdbcClient jdbc = app.getBean(JdbcClient.class);
		for (String kind : List.of("impression", "viewable")) {
			String column = kind.equals("impression") ? "impressions" : "viewable_impressions";
			long held = jdbc.sql("SELECT COALESCE(SUM(" + column + "), 0) FROM ad_hourly").query(Long.class).single();
			assertThat(impressions(kind, "added") - impressions(kind, "withdrawn")).as(kind).isEqualTo(held);
		}
		assertThat(impressions("impression", "withdrawn")).as("the revisions above took two back").isEqualTo(2);
	}

	private static double impressions(String kind, String change) {
		return app.getBean(io.micrometer.core.instrument.MeterRegistry.class)
			.get("admetrics.impressions")
			.tag("kind", kind)
			.tag("change", change)
			.counter()
			.count();
	}

	@Test
	@Order(4)
	void theCsvCarriesTheSameRowsAsTheJson() throws Exception {
		JsonNode json = report("adv-a", keyA, "hour", "ad");
		ResponseEntity<String> csv = api.get(
				"/v1/advertisers/adv-a/reports/impressions?from=" + DAY + "&to=" + DAY + "&granularity=hour&groupBy=ad",
				keyA, "text/csv");
		assertThat(csv.getHeaders().getContentType().isCompatibleWith(MediaType.parseMediaType("text/csv"))).isTrue();
		String[] lines = csv.getBody().split("\r\n");
		assertThat(lines[0]).isEqualTo("bucket,ad,impressions,starts,firstQuartiles,midpoints,thirdQuartiles,"
				+ "completes,skips,clicks,completionRate,adPlayedMs,uniqueViewers,frequency,givtExcludedImpressions,"
				+ "measurableImpressions,viewableImpressions,viewableRate");
		assertThat(lines).hasSize(json.get("rows").size() + 1);
		String[] fields = { "bucket", "group", "impressions", "starts", "firstQuartiles", "midpoints", "thirdQuartiles",
				"completes", "skips", "clicks", "completionRate", "adPlayedMs", "uniqueViewers", "frequency",
				"givtExcludedImpressions", "measurableImpressions", "viewableImpressions", "viewableRate" };
		for (int i = 0; i < json.get("rows").size(); i++) {
			String[] values = lines[i + 1].split(",", -1);
			JsonNode row = json.get("rows").get(i);
			for (int f = 0; f < fields.length; f++) {
				JsonNode field = row.get(fields[f]);
				if (field.isNumber()) {
					assertThat(new BigDecimal(values[f])).as(fields[f] + " of row " + i)
						.isEqualByComparingTo(field.decimalValue());
				}
				else {
					assertThat(values[f]).as(fields[f] + " of row " + i)
						.isEqualTo(field.isNull() ? "" : field.asString());
				}
			}
		}
	}

	@Test
	@Order(4)
	void filtersNarrowTheRowsBeforeGroupingAndTotalIsTheWholeRange() throws Exception {
		JsonNode hourly = report("adv-a", keyA, "hour", "campaign", "").get("rows");
		JsonNode total = report("adv-a", keyA, "total", "campaign", "").get("rows");
		assertThat(total.size()).isOne();
		assertThat(total.get(0).get("bucket").asString()).isEqualTo(DAY + "T00:00:00Z");
		for (String counter : List.of("impressions", "starts", "firstQuartiles", "completes", "skips", "clicks",
				"adPlayedMs")) {
			long sum = 0;
			for (JsonNode row : hourly) {
				sum += row.get(counter).asLong();
			}
			assertThat(total.get(0).get(counter).asLong()).as(counter).isEqualTo(sum);
		}
		assertThat(total.get(0).get("uniqueViewers").asLong()).as("u2, u4 and u5 over the day").isEqualTo(3);

		JsonNode oneAd = report("adv-a", keyA, "hour", "campaign", "&adId=ad-a2").get("rows");
		assertThat(oneAd.size()).isOne();
		assertRow(oneAd.get(0), DAY + "T11:00:00Z", "camp-a1", 1, 1, 1, 0, 0, 0, 1, 1, "0.0000", 8_000, 1, "1.0000");
		assertThat(report("adv-a", keyA, "total", "ad", "&campaignId=camp-a1").get("rows"))
			.extracting((row) -> row.get("group").asString())
			.containsExactly("ad-a1", "ad-a2", "ad-late");
		assertThat(report("adv-a", keyA, "total", "ad", "&campaignId=camp-b1").get("rows"))
			.as("another advertiser's campaign")
			.isEmpty();
		assertThat(report("adv-a", keyA, "total", "country", "&country=FR").get("rows"))
			.extracting((row) -> row.get("group").asString())
			.containsExactly("FR");
		assertThat(report("adv-a", keyA, "total", "country", "&country=FR&country=DE").get("rows"))
			.extracting((row) -> row.get("group").asString())
			.containsExactly("DE", "FR");
		JsonNode tv = report("adv-a", keyA, "total", "deviceType", "&deviceType=TV&deviceType=IOS").get("rows");
		assertThat(tv).extracting((row) -> row.get("group").asString()).containsExactly("TV");
		assertThat(tv.get(0).get("starts").asLong()).as("u2's two ad playbacks").isEqualTo(2);
		for (String bad : List.of("&country=fr", "&deviceType=PHONE", "&adId=a/b", "&campaignId=", "&country=DEU")) {
			assertThat(api
				.get("/v1/advertisers/adv-a/reports/impressions?from=" + DAY + "&to=" + DAY + bad, keyA,
						"application/json")
				.getStatusCode()
				.value()).as(bad).isEqualTo(400);
		}
	}

	@Test
	@Order(4)
	void keysTellWhoseTheyAreAndAdvertisersSeeTheirOwnCampaigns() throws Exception {
		assertThat(JSON.readTree(api.get("/v1/me", keyA, "application/json").getBody()))
			.isEqualTo(JSON.readTree("{\"kind\":\"advertiser\",\"advertiserId\":\"adv-a\",\"name\":\"Advertiser A\"}"));
		assertThat(JSON.readTree(api.get("/v1/me", OPERATOR, "application/json").getBody()).get("kind").asString())
			.isEqualTo("operator");
		assertThat(api.get("/v1/me", "pk_made-up", "application/json").getStatusCode().value()).isEqualTo(401);

		JsonNode campaigns = JSON
			.readTree(api.get("/v1/advertisers/adv-a/campaigns", keyA, "application/json").getBody());
		assertThat(campaigns).extracting((campaign) -> campaign.get("campaignId").asString())
			.containsExactly("camp-a1");
		assertThat(campaigns.get(0).get("name").asString()).isEqualTo("Autumn");
		assertThat(campaigns.get(0).get("ads")).extracting((ad) -> ad.get("adId").asString())
			.containsExactly("ad-a1", "ad-a2", "ad-late");
		assertThat(api.get("/v1/advertisers/adv-a/campaigns", keyB, "application/json").getStatusCode().value())
			.isEqualTo(404);
		JsonNode advertisers = JSON.readTree(api.get("/v1/admin/advertisers", OPERATOR, "application/json").getBody());
		assertThat(advertisers.toString())
			.contains("{\"advertiserId\":\"adv-a\",\"name\":\"Advertiser A\",\"campaigns\":1,\"ads\":3}");
		assertThat(api.get("/v1/admin/advertisers", keyA, "application/json").getStatusCode().value()).isEqualTo(401);
		JsonNode document = JSON.readTree(api.get("/v3/api-docs", null, "application/json").getBody());
		assertThat(document.at("/components/schemas/Row/properties/impressions/description").asString())
			.isEqualTo("ad playbacks with 2 s of continuous play");
	}

	@Test
	@Order(5)
	void eachKeySeesItsOwnAdvertiserOnly() {
		String path = "/v1/advertisers/adv-a/reports/impressions?from=" + DAY + "&to=" + DAY;
		assertThat(api.get(path, keyA, "application/json").getStatusCode().value()).isEqualTo(200);
		assertThat(api.get(path, OPERATOR, "application/json").getStatusCode().value()).isEqualTo(200);
		assertThat(api.get(path, keyB, "application/json").getStatusCode().value()).as("another's id").isEqualTo(404);
		assertThat(api.get(path, keyB, "text/csv").getStatusCode().value()).isEqualTo(404);
		assertThat(api.get(path, null, "application/json").getStatusCode().value()).isEqualTo(401);
		assertThat(api.get(path, "pk_made-up", "application/json").getStatusCode().value()).isEqualTo(401);
		assertThat(api
			.get("/v1/advertisers/nobody/reports/impressions?from=" + DAY + "&to=" + DAY, OPERATOR, "application/json")
			.getStatusCode()
			.value()).isEqualTo(404);
		assertThat(api
			.get("/v1/advertisers/adv-b/reports/impressions?from=" + DAY + "&to=" + DAY + "&groupBy=ad", keyB,
					"application/json")
			.getBody()).contains("ad-b1").doesNotContain("ad-a1");
		for (String key : new String[] { null, keyA, "not-the-operator" }) {
			assertThat(api.put("/v1/admin/advertisers/intruder", "{\"name\":\"x\"}", key).getStatusCode().value())
				.isEqualTo(401);
			assertThat(api.put("/v1/admin/ads/ad-a1", "{\"campaignId\":\"camp-b1\",\"durationMs\":1}", key)
				.getStatusCode()
				.value()).isEqualTo(401);
		}
		assertThat(jdbc().sql("SELECT COUNT(*) FROM advertisers WHERE advertiser_id = 'intruder'")
			.query(Long.class)
			.single()).isZero();
		assertThat(jdbc().sql("SELECT campaign_id FROM ads WHERE ad_id = 'ad-a1'").query(String.class).single())
			.isEqualTo("camp-a1");
	}

	@Test
	@Order(6)
	void rangesAndParametersAreChecked() {
		assertThat(api
			.get("/v1/advertisers/adv-a/reports/impressions?from=2026-01-01&to=2026-03-31", keyA, "application/json")
			.getStatusCode()
			.value()).as("90 days").isEqualTo(200);
		assertThat(api
			.get("/v1/advertisers/adv-a/reports/impressions?from=2026-01-01&to=2026-04-01", keyA, "application/json")
			.getStatusCode()
			.value()).as("91 days").isEqualTo(400);
		assertThat(api
			.get("/v1/advertisers/adv-a/reports/impressions?from=" + DAY + "&to=" + DAY + "&granularity=week", keyA,
					"application/json")
			.getStatusCode()
			.value()).isEqualTo(400);
		assertThat(api
			.get("/v1/advertisers/adv-a/reports/impressions?from=" + DAY + "&to=" + DAY + "&groupBy=video", keyA,
					"application/json")
			.getStatusCode()
			.value()).isEqualTo(400);
	}

	@Test
	@Order(7)
	void poisonRecordsGoToTheDeadLetterTopicAndTheNextRecordIsApplied() throws Exception {
		String poisonKey = "poison-" + UUID.randomUUID();
		String broken = "broken-" + UUID.randomUUID();
		String brokenKey = "ads-" + broken;
		Map<String, Object> config = new HashMap<>(AvroSerdes.serializerConfig(infra.registry().apiUrl()));
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
		try (var raw = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
			raw.send(new ProducerRecord<>(Topics.SESSIONS, poisonKey, new byte[] { 0, 0, 0, 0x7f, 0x7f, 1 })).get();
		}
		AdPlayback twice = ad("dup", "ad-a1", 15_000, "12:00", 3_000, false);
		send(List.of(session(broken, 1, "u9", "DE", DeviceType.WEB, twice, twice),
				session("s7", 1, "u7", "DE", DeviceType.WEB, ad("p7", "ad-a2", 30_000, "12:30", 30_000, true))));
		ConsumerGroups.awaitCaughtUp(infra.kafkaBootstrapServers(), GROUP, Topics.SESSIONS, Duration.ofSeconds(60));

		List<String> noon = new ArrayList<>();
		report("adv-a", keyA, "hour", "ad").get("rows").forEach((row) -> {
			if (row.get("bucket").asString().equals("2026-10-05T12:00:00Z")) {
				noon.add(row.get("group").asString());
			}
		});
		assertThat(noon).as("the broken session added nothing").containsExactly("ad-a2");
		Map<String, ConsumerRecord<String, byte[]>> dead = DeadLetters.read(infra.kafkaBootstrapServers(),
				Topics.AD_METRICS_SESSIONS_DEAD_LETTER, poisonKey, brokenKey);
		assertThat(dead).containsOnlyKeys(poisonKey, brokenKey);
		assertThat(dead.get(poisonKey).value()).isEqualTo(new byte[] { 0, 0, 0, 0x7f, 0x7f, 1 });
		assertThat(DeadLetters.header(dead.get(poisonKey), "kafka_dlt-exception-fqcn"))
			.contains("DeserializationException");
		assertThat(DeadLetters.header(dead.get(brokenKey), "kafka_dlt-exception-message")).contains("repeated id");
	}

	@Test
	@Order(8)
	void anAdMovedToAnotherCampaignTakesItsPlaybacksAlong() throws Exception {
		assertThat(api.put("/v1/admin/ads/ad-a2", "{\"campaignId\":\"camp-b1\",\"durationMs\":30000}", OPERATOR)
			.getStatusCode()
			.value()).isEqualTo(200);
		JsonNode a = report("adv-a", keyA, "hour", "campaign").get("rows");
		assertThat(a.toString()).doesNotContain("2026-10-05T11:00:00Z").doesNotContain("2026-10-05T12:00:00Z");
		JsonNode b = report("adv-b", keyB, "hour", "campaign").get("rows");
		assertThat(b.size()).isEqualTo(3);
		assertRow(b.get(1), "2026-10-05T11:00:00Z", "camp-b1", 1, 1, 1, 0, 0, 0, 1, 1, "0.0000", 8_000, 1, "1.0000");
		assertRow(b.get(2), "2026-10-05T12:00:00Z", "camp-b1", 1, 1, 1, 1, 1, 1, 0, 0, "1.0000", 30_000, 1, "1.0000");
		JsonNode byDevice = report("adv-b", keyB, "day", "deviceType").get("rows");
		assertThat(byDevice.findValuesAsString("group")).containsExactly("TV", "WEB");
	}

	@Test
	@Order(9)
	void hostileIdsAndParametersAreAlwaysA4xxProblemAndChangeNothing() throws Exception {
		int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
		long ads = jdbc().sql("SELECT COUNT(*) FROM ads").query(Long.class).single();
		String report = "/v1/advertisers/%s/reports/impressions?from=%s&to=%s&granularity=%s&groupBy=%s";
		for (String bad : BadInputs.corpusAndGenerated(150)) {
			String x = BadInputs.encode(bad);
			List<String[]> calls = List.of(new String[] { "GET", report.formatted(x, DAY, DAY, "day", "ad"), keyA },
					new String[] { "GET", report.formatted("adv-a", x, DAY, "day", "ad"), keyA },
					new String[] { "GET", report.formatted("adv-a", DAY, x, "day", "ad"), keyA },
					new String[] { "GET", report.formatted("adv-a", DAY, DAY, x, "ad"), keyA },
					new String[] { "GET", report.formatted("adv-a", DAY, DAY, "day", x), OPERATOR },
					new String[] { "PUT", "/v1/admin/ads/" + x, OPERATOR },
					new String[] { "PUT", "/v1/admin/campaigns/" + x, OPERATOR },
					new String[] { "POST", "/v1/admin/advertisers/" + x + "/api-keys", OPERATOR });
			for (String[] call : calls) {
				String body = call[0].equals("PUT") ? "{\"campaignId\":\"" + bad.replace("\\", "").replace("\"", "")
						+ "\",\"durationMs\":1,\"advertiserId\":\"adv-a\",\"name\":\"n\"}" : null;
				var answer = BadInputs.send(port, call[0], call[1], call[2], body);
				String what = call[0] + " " + call[1];
				assertThat(answer.statusCode()).as(what).isLessThan(500);
				if (bad.isBlank() && (call[1].contains("granularity=&") || call[1].endsWith("groupBy="))) {
					// an empty granularity or groupBy takes its default
					assertThat(answer.statusCode()).as(what).isEqualTo(200);
				}
				else if (call[0].equals("GET") || !IdRule.isValid(bad)) {
					// an admin call with a well-formed id ("null", "-1") may create it
					assertThat(answer.statusCode()).as(what).isBetween(400, 499);
					String type = answer.headers().firstValue("Content-Type").orElse("");
					if (!type.startsWith("application/problem+json")) {
						// Tomcat itself refuses an encoded slash, backslash or NUL in a
						// path with its own 400
						assertThat(answer.statusCode()).as(what + " " + type).isEqualTo(400);
						assertThat(call[1]).as(what + " " + type).containsAnyOf("%2F", "%5C", "%00");
					}
				}
			}
		}
		assertThat(jdbc().sql("SELECT COUNT(*) FROM ads").query(Long.class).single()).isEqualTo(ads);
	}

	@Test
	@Order(10)
	void hostileBodiesOnTheAdminEndpointsAreA4xxProblemAndStoreNothing() throws Exception {
		int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
		assertThat(api.put("/v1/admin/advertisers/fuzz-adv", "{\"name\":\"Fuzz\"}", OPERATOR).getStatusCode().value())
			.isEqualTo(200);
		assertThat(
				api.put("/v1/admin/campaigns/fuzz-campaign", "{\"advertiserId\":\"fuzz-adv\",\"name\":\"C\"}", OPERATOR)
					.getStatusCode()
					.value())
			.isEqualTo(200);

		int advertisers = putHostileBodies(port, Map.of("name", "\"Brand\""), "advertisers", "advertiser_id",
				"fuzz-advertiser-");
		int campaigns = putHostileBodies(port, Map.of("advertiserId", "\"fuzz-adv\"", "name", "\"Spring\""),
				"campaigns", "campaign_id", "fuzz-campaign-");
		int ads = putHostileBodies(port, Map.of("campaignId", "\"fuzz-campaign\"", "durationMs", "15000"), "ads",
				"ad_id", "fuzz-ad-");
		// the valid bodies among them were taken: the counts above are not vacuous
		assertThat(List.of(advertisers, campaigns, ads)).allSatisfy((taken) -> assertThat(taken).isPositive());
	}

	/**
	 * PUTs 100 hostile bodies (built around {@code validFields}) to {@code /v1/admin/
	 *
	<table>
	 * /<prefix>n} and asserts that exactly the accepted ones were stored.
	 * @return how many were accepted
	 */
	private static int putHostileBodies(int port, Map<String, String> validFields, String table, String idColumn,
			String prefix) throws Exception {
		int taken = BadInputs.putEach(port, OPERATOR, BadInputs.jsonBodies(validFields, 100),
				(n) -> "/v1/admin/" + table + "/" + prefix + n);
		assertThat(jdbc().sql("SELECT COUNT(*) FROM " + table + " WHERE " + idColumn + " LIKE '" + prefix + "%'")
			.query(Long.class)
			.single()).as(table).isEqualTo(taken);
		return taken;
	}

	private static void assertRow(JsonNode row, String bucket, String group, long impressions, long starts, long q1,
			long q2, long q3, long completes, long skips, long clicks, String completionRate, long adPlayedMs,
			long uniqueViewers, String frequency) {
		assertThat(row.get("bucket").asString()).isEqualTo(bucket);
		assertThat(row.get("group").asString()).isEqualTo(group);
		assertThat(List.of(row.get("impressions").asLong(), row.get("starts").asLong(),
				row.get("firstQuartiles").asLong(), row.get("midpoints").asLong(), row.get("thirdQuartiles").asLong(),
				row.get("completes").asLong(), row.get("skips").asLong(), row.get("clicks").asLong()))
			.as("impressions, starts, quartiles, completes, skips, clicks of " + bucket + " " + group)
			.containsExactly(impressions, starts, q1, q2, q3, completes, skips, clicks);
		assertThat(row.get("completionRate").decimalValue()).isEqualByComparingTo(completionRate);
		assertThat(row.get("adPlayedMs").asLong()).isEqualTo(adPlayedMs);
		assertThat(row.get("uniqueViewers").asLong()).isEqualTo(uniqueViewers);
		assertThat(row.get("frequency").decimalValue()).isEqualByComparingTo(frequency);
	}

	private static JsonNode report(String advertiser, String key, String granularity, String groupBy) throws Exception {
		return report(advertiser, key, granularity, groupBy, "");
	}

	private static JsonNode report(String advertiser, String key, String granularity, String groupBy, String filters)
			throws Exception {
		ResponseEntity<String> answer = api.get("/v1/advertisers/" + advertiser + "/reports/impressions?from=" + DAY
				+ "&to=" + DAY + "&granularity=" + granularity + "&groupBy=" + groupBy + filters, key,
				"application/json");
		assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
		return JSON.readTree(answer.getBody());
	}

	private static void send(List<ViewingSession> sessions) throws Exception {
		try (KafkaProducer<String, ViewingSession> producer = AvroSerdes.producer(infra.registry().apiUrl(),
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()))) {
			for (ViewingSession session : sessions) {
				producer.send(new ProducerRecord<>(Topics.SESSIONS, session.getSessionId(), session)).get();
			}
		}
	}

	private static Instant at(String time) {
		return Instant.parse(DAY + "T" + time + ":00Z");
	}

	private static AdPlayback ad(String playbackId, String adId, long durationMs, String startedAt, long continuousMs,
			boolean completed) {
		return new AdPlayback(playbackId, adId, durationMs, at(startedAt), continuousMs, continuousMs, continuousMs,
				completed, false, false, false, false, null);
	}

	private static ViewingSession session(String id, long revision, String user, String country, DeviceType device,
			AdPlayback... ads) {
		Instant start = at("10:00");
		return ViewingSession.newBuilder()
			.setSessionId("ads-" + id)
			.setPlaybackId("ads-" + id)
			.setRevision(revision)
			.setUserId(user)
			.setVideoId("video-1")
			.setCountry(country)
			.setDeviceType(device)
			.setStartedAt(start)
			.setLastEventAt(start.plusSeconds(3_600))
			.setLastPositionMs(0)
			.setSegments(List.of())
			.setUniqueWatchedMs(0)
			.setPlayedMs(0)
			.setPlayedMsByDay(List.of())
			.setAds(List.of(ads))
			.setEventCount(revision)
			.setClosed(false)
			.build();
	}

	private static JdbcClient jdbc() {
		return app.getBean(JdbcClient.class);
	}

}
