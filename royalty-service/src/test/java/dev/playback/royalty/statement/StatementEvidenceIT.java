package dev.playback.royalty.statement;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import dev.playback.infra.ApiCalls;
import dev.playback.infra.ConsumerGroups;
import dev.playback.infra.LocalInfrastructure;
import dev.playback.royalty.RoyaltyServiceApplication;
import dev.playback.schemas.AvroSerdes;
import dev.playback.schemas.InvalidTraffic;
import dev.playback.schemas.Topics;
import dev.playback.schemas.ViewingSession;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.http.ResponseEntity;

import static dev.playback.royalty.statement.StatementSessions.invalid;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Statements a license holder can audit, on the real servers: the sessions behind every
 * line add up to it (shuffled and replayed revisions, a session across a month boundary,
 * invalid traffic, a late revision), a FINAL statement's evidence is frozen with it and
 * its digest is the SHA-256 of its CSV, and a closed month's later data is traceable to
 * its sessions on the adjustments that carry it.
 */
class StatementEvidenceIT {

	static final String OPERATOR = "operator-secret-for-evidence-tests";

	static final String GROUP = "royalty-evidence-it";

	static final LocalInfrastructure infra = LocalInfrastructure.shared();

	static final JsonMapper JSON = JsonMapper.builder().build();

	static ConfigurableApplicationContext app;

	static ApiCalls api;

	static String keyA;

	static String keyB;

	@BeforeAll
	static void start() {
		app = RoyaltyServiceApplication.application()
			.run(infra.serviceArguments("playback.royalty", "royalty_evidence_it", "--server.port=0",
					"--spring.main.banner-mode=off", "--spring.kafka.consumer.group-id=" + GROUP,
					"--playback.royalty.operator-key=" + OPERATOR));
		api = new ApiCalls(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
		api.put("/v1/admin/license-holders/ev-a", "{\"name\":\"Evidence A\"}", OPERATOR);
		api.put("/v1/admin/license-holders/ev-b", "{\"name\":\"Evidence B\"}", OPERATOR);
		keyA = JSON.readTree(api.post("/v1/admin/license-holders/ev-a/api-keys", OPERATOR).getBody())
			.get("apiKey")
			.asString();
		keyB = JSON.readTree(api.post("/v1/admin/license-holders/ev-b/api-keys", OPERATOR).getBody())
			.get("apiKey")
			.asString();
		api.put("/v1/admin/videos/ev-film-1", "{\"licenseHolderId\":\"ev-a\",\"title\":\"Film, one\"}", OPERATOR);
		api.put("/v1/admin/videos/ev-film-2", "{\"licenseHolderId\":\"ev-a\",\"title\":\"Film 2\"}", OPERATOR);
		api.put("/v1/admin/videos/ev-film-3", "{\"licenseHolderId\":\"ev-b\",\"title\":\"Film 3\"}", OPERATOR);
		api.put("/v1/admin/license-holders/ev-a/rate-cards/2025-01-01", "{\"currency\":\"EUR\",\"ratePerHour\":2}",
				OPERATOR);
		api.put("/v1/admin/license-holders/ev-b/rate-cards/2025-01-01", "{\"currency\":\"EUR\",\"ratePerHour\":1}",
				OPERATOR);
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void theSessionsBehindEveryLineAddUpToItBeforeAndAfterTheMonthCloses() throws Exception {
		List<ViewingSession> sessions = new ArrayList<>();
		// three revisions of one session, growing
		for (int revision = 1; revision <= 3; revision++) {
			sessions.add(session("s1", revision, "ev-film-1", "user-1", "2025-05-10T20:00:00Z",
					Map.of("2025-05-10", 600_000L * revision)));
		}
		// across the month boundary: May has 10 min of it, June 20 min
		sessions.add(session("s2", 1, "ev-film-1", "user-2", "2025-05-31T23:50:00Z",
				Map.of("2025-05-31", 600_000L, "2025-06-01", 1_200_000L)));
		// a qualifying view of May without a millisecond played in May: started in its
		// last seconds, played on June 1st
		sessions.add(session("s8", 1, "ev-film-2", "user-4", "2025-05-31T23:59:59Z", Map.of("2025-06-01", 60_000L)));
		// too short to qualify
		sessions.add(session("s3", 1, "ev-film-2", "user-1", "2025-05-12T08:00:00Z", Map.of("2025-05-12", 20_000L)));
		// a declared bot's hour
		sessions.add(invalid(
				session("s4", 1, "ev-film-1", "user-3", "2025-05-13T08:00:00Z", Map.of("2025-05-13", 3_600_000L)),
				InvalidTraffic.GIVT_BOT_AGENT));
		// the same viewer at the other holder
		sessions.add(session("s5", 1, "ev-film-3", "user-1", "2025-05-14T08:00:00Z", Map.of("2025-05-14", 3_600_000L)));
		// shuffled, then all of it again
		Collections.shuffle(sessions, new Random(7));
		List<ViewingSession> replayed = new ArrayList<>(sessions);
		replayed.addAll(sessions);
		send(replayed);

		JsonNode may = statement("ev-a", "2025-05", keyA);
		assertThat(may.get("status").asString()).isEqualTo("PROVISIONAL");
		assertThat(may.get("digest").isNull()).as("no digest while provisional").isTrue();
		List<JsonNode> evidence = evidence("ev-a", "2025-05", null, keyA);
		assertAddsUp(may, evidence);
		assertThat(evidence).extracting((row) -> row.get("sessionId").asString())
			.containsExactly("ev-s1", "ev-s2", "ev-s4", "ev-s3", "ev-s8")
			.as("by video, then session");
		assertThat(row(evidence, "ev-s8", "2025-05").get("qualifyingViews").asInt()).isEqualTo(1);
		assertThat(row(evidence, "ev-s8", "2025-05").get("playedMs").asLong()).isZero();
		JsonNode s1 = row(evidence, "ev-s1", "2025-05");
		assertThat(s1.get("revision").asLong()).as("the revision applied").isEqualTo(3);
		assertThat(s1.get("playedMs").asLong()).isEqualTo(1_800_000);
		assertThat(row(evidence, "ev-s2", "2025-05").get("playedMs").asLong()).as("May's part only").isEqualTo(600_000);
		assertThat(row(evidence, "ev-s4", "2025-05").get("invalidTraffic").asString()).isEqualTo("GIVT_BOT_AGENT");
		assertThat(evidence("ev-a", "2025-05", "ev-film-2", keyA)).extracting((row) -> row.get("sessionId").asString())
			.containsExactly("ev-s3", "ev-s8");

		// pseudonymous viewers: stable for a holder, different between holders, no user
		// id
		String viewerAtA = s1.get("viewerId").asString();
		assertThat(viewerAtA).matches("[0-9a-f]{32}").doesNotContain("user-1");
		assertThat(row(evidence("ev-a", "2025-05", null, keyA), "ev-s1", "2025-05").get("viewerId").asString())
			.isEqualTo(viewerAtA);
		String viewerAtB = row(evidence("ev-b", "2025-05", null, keyB), "ev-s5", "2025-05").get("viewerId").asString();
		assertThat(viewerAtB).isNotEqualTo(viewerAtA);

		// the CSV says the same, row for row
		ResponseEntity<String> csv = api.get("/v1/license-holders/ev-a/statements/2025-05/evidence", keyA, "text/csv");
		assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
		List<String> csvRows = csv.getBody().lines().toList();
		assertThat(csvRows.get(0)).isEqualTo("forMonth,videoId,sessionId,viewerId,startedAt,playedMs,qualifyingViews,"
				+ "invalidTrafficPlayedMs,invalidTraffic,revision");
		assertThat(csvRows).hasSize(evidence.size() + 1)
			.contains("2025-05,ev-film-1,ev-s1," + viewerAtA + ",2025-05-10T20:00:00Z,1800000,1,0,,3");

		// a late revision changes the provisional line and its evidence alike
		send(List
			.of(session("s1", 4, "ev-film-1", "user-1", "2025-05-10T20:00:00Z", Map.of("2025-05-10", 2_400_000L))));
		may = statement("ev-a", "2025-05", keyA);
		evidence = evidence("ev-a", "2025-05", null, keyA);
		assertAddsUp(may, evidence);
		assertThat(row(evidence, "ev-s1", "2025-05").get("revision").asLong()).isEqualTo(4);

		closingFreezesTheEvidenceAndDigestsTheCsv(may, evidence);
	}

	private void closingFreezesTheEvidenceAndDigestsTheCsv(JsonNode may, List<JsonNode> mayEvidence) throws Exception {
		JsonNode closed = JSON
			.readTree(api.post("/v1/admin/license-holders/ev-a/statements/2025-05/finalize", OPERATOR).getBody());
		assertThat(closed.get("status").asString()).isEqualTo("FINAL");
		assertThat(closed.get("lines")).isEqualTo(may.get("lines"));
		String digest = closed.get("digest").asString();
		assertThat(digest).matches("[0-9a-f]{64}");
		ResponseEntity<String> csv = api.get("/v1/license-holders/ev-a/statements/2025-05", keyA, "text/csv");
		assertThat(csv.getHeaders().getFirst("X-Statement-Digest")).isEqualTo(digest);
		assertThat(sha256(csv.getBody())).as("the digest is the CSV's SHA-256").isEqualTo(digest);
		assertThat(evidence("ev-a", "2025-05", null, keyA)).as("the evidence frozen with it")
			.containsExactlyInAnyOrderElementsOf(mayEvidence);

		// the catalog renames a video: the FINAL statement's CSV, and so its digest, stay
		api.put("/v1/admin/videos/ev-film-1", "{\"licenseHolderId\":\"ev-a\",\"title\":\"Renamed\"}", OPERATOR);
		assertThat(api.get("/v1/license-holders/ev-a/statements/2025-05", keyA, "text/csv").getBody())
			.isEqualTo(csv.getBody());

		// May's data that arrives late: a longer revision and a new session
		send(List.of(session("s1", 5, "ev-film-1", "user-1", "2025-05-10T20:00:00Z", Map.of("2025-05-10", 3_000_000L)),
				session("s6", 1, "ev-film-2", "user-4", "2025-05-20T08:00:00Z", Map.of("2025-05-20", 60_000L))));
		assertThat(evidence("ev-a", "2025-05", null, keyA)).as("a FINAL statement's evidence never changes")
			.containsExactlyInAnyOrderElementsOf(mayEvidence);
		JsonNode june = statement("ev-a", "2025-06", keyA);
		assertThat(june.get("adjustments")).hasSize(2);
		List<JsonNode> juneEvidence = evidence("ev-a", "2025-06", null, keyA);
		assertAddsUp(june, juneEvidence);
		assertThat(row(juneEvidence, "ev-s1", "2025-05").get("playedMs").asLong()).as("the difference only")
			.isEqualTo(600_000);
		assertThat(row(juneEvidence, "ev-s6", "2025-05").get("qualifyingViews").asInt()).isEqualTo(1);
		assertThat(row(juneEvidence, "ev-s2", "2025-06").get("playedMs").asLong()).isEqualTo(1_200_000);

		// June closes with the adjustment; a later revision is then adjusted on July
		JsonNode juneClosed = JSON
			.readTree(api.post("/v1/admin/license-holders/ev-a/statements/2025-06/finalize", OPERATOR).getBody());
		assertAddsUp(juneClosed, evidence("ev-a", "2025-06", null, keyA));
		assertThat(changedClosedMonths("ev-a")).as("June settled May's changes: nothing left to recompute").isEmpty();
		assertThat(statement("ev-a", "2025-07", keyA).get("adjustments")).isEmpty();
		send(List.of(invalid(
				session("s1", 6, "ev-film-1", "user-1", "2025-05-10T20:00:00Z", Map.of("2025-05-10", 3_000_000L)),
				InvalidTraffic.GIVT_ACTIVITY)));
		JsonNode july = statement("ev-a", "2025-07", keyA);
		List<JsonNode> julyEvidence = evidence("ev-a", "2025-07", null, keyA);
		assertAddsUp(july, julyEvidence);
		JsonNode moved = row(julyEvidence, "ev-s1", "2025-05");
		assertThat(moved.get("playedMs").asLong()).as("found invalid: its hours move").isEqualTo(-3_000_000);
		assertThat(moved.get("invalidTrafficPlayedMs").asLong()).isEqualTo(3_000_000);
		assertThat(moved.get("qualifyingViews").asInt()).isEqualTo(-1);
		assertThat(changedClosedMonths("ev-a")).containsExactly("2025-05");

		// a rate card for a closed month changes its money, not its sessions
		api.put("/v1/admin/license-holders/ev-a/rate-cards/2025-05-31", "{\"currency\":\"EUR\",\"ratePerHour\":3}",
				OPERATOR);
		assertThat(changedClosedMonths("ev-a")).containsExactly("2025-05", "2025-06");
		july = statement("ev-a", "2025-07", keyA);
		assertThat(july.get("adjustments").toString()).as("s2's 10 min of May 31 at 3 instead of 2")
			.contains("\"forMonth\":\"2025-05\",\"hoursStreamed\":\"-0.833333\"")
			.contains("\"amount\":\"-1.50\"");
		assertAddsUp(july, evidence("ev-a", "2025-07", null, keyA));

		// a video that joins the holder brings its usage in past months along
		send(List
			.of(session("s7", 1, "ev-film-9", "user-5", "2025-06-03T08:00:00Z", Map.of("2025-06-03", 3_600_000L))));
		api.put("/v1/admin/videos/ev-film-9", "{\"licenseHolderId\":\"ev-a\",\"title\":\"Film 9\"}", OPERATOR);
		july = statement("ev-a", "2025-07", keyA);
		assertThat(july.get("adjustments").toString()).contains("\"videoId\":\"ev-film-9\"");
		assertAddsUp(july, evidence("ev-a", "2025-07", null, keyA));
	}

	/** The holder's FINAL months marked as changed since they were settled. */
	private static List<String> changedClosedMonths(String holderId) {
		return app.getBean(JdbcClient.class)
			.sql("SELECT month FROM late_usage WHERE holder_id = :holder "
					+ "AND month IN (SELECT month FROM statements WHERE holder_id = :holder) ORDER BY month")
			.param("holder", holderId)
			.query(String.class)
			.list();
	}

	@Test
	void evidenceIsTheHoldersOnlyAndHostileParametersAreRefused() {
		String evidence = "/v1/license-holders/ev-a/statements/2025-05/evidence";
		assertThat(api.get(evidence, keyB, MediaType.APPLICATION_JSON_VALUE).getStatusCode().value())
			.as("another holder's evidence")
			.isEqualTo(404);
		assertThat(api.get(evidence, null, MediaType.APPLICATION_JSON_VALUE).getStatusCode().value()).isEqualTo(401);
		assertThat(api.get(evidence + "?videoId=ev-film-3", keyA, MediaType.APPLICATION_JSON_VALUE)
			.getStatusCode()
			.value()).as("another holder's video").isEqualTo(404);
		for (String hostile : List.of(evidence + "?videoId=%27%3B%20DROP%20TABLE%20videos", evidence + "?videoId=",
				evidence + "?videoId=" + "v".repeat(5000), evidence + "?videoId=%00",
				"/v1/license-holders/ev-a/statements/2025-13/evidence",
				"/v1/license-holders/ev-a/statements/%27/evidence",
				"/v1/license-holders/ev-a/statements/99999-01/evidence")) {
			ResponseEntity<String> answer = api.get(hostile, keyA, MediaType.APPLICATION_JSON_VALUE);
			assertThat(answer.getStatusCode().is4xxClientError()).as(hostile).isTrue();
		}
	}

	/**
	 * Every line's and adjustment's figures are the sums of its sessions' rows; rows of
	 * no line net to nothing.
	 */
	private static void assertAddsUp(JsonNode statement, List<JsonNode> evidence) {
		Map<String, long[]> sums = new HashMap<>();
		Map<String, Set<String>> viewers = new HashMap<>();
		for (JsonNode row : evidence) {
			String key = row.get("forMonth").asString() + "/" + row.get("videoId").asString();
			long[] sum = sums.computeIfAbsent(key, (k) -> new long[3]);
			sum[0] += row.get("playedMs").asLong();
			sum[1] += row.get("qualifyingViews").asLong();
			sum[2] += row.get("invalidTrafficPlayedMs").asLong();
			if (row.get("qualifyingViews").asInt() > 0) {
				viewers.computeIfAbsent(key, (k) -> new HashSet<>()).add(row.get("viewerId").asString());
			}
		}
		String month = statement.get("month").asString();
		for (JsonNode line : statement.get("lines")) {
			String key = month + "/" + line.get("videoId").asString();
			long[] sum = sums.getOrDefault(key, new long[3]);
			assertThat(StatementArithmetic.hours(sum[0]).toPlainString()).as(key)
				.isEqualTo(line.get("hoursStreamed").asString());
			assertThat(sum[1]).as(key).isEqualTo(line.get("qualifyingViews").asLong());
			assertThat(StatementArithmetic.hours(sum[2]).toPlainString()).as(key)
				.isEqualTo(line.get("invalidTrafficHours").asString());
			assertThat((long) viewers.getOrDefault(key, Set.of()).size()).as(key)
				.isEqualTo(line.get("uniqueViewers").asLong());
			sums.remove(key);
		}
		for (JsonNode adjustment : statement.get("adjustments")) {
			String key = adjustment.get("forMonth").asString() + "/" + adjustment.get("videoId").asString();
			long[] sum = sums.getOrDefault(key, new long[3]);
			assertThat(StatementArithmetic.hours(sum[0]).toPlainString()).as(key)
				.isEqualTo(adjustment.get("hoursStreamed").asString());
			assertThat(sum[1]).as(key).isEqualTo(adjustment.get("qualifyingViews").asLong());
			assertThat(StatementArithmetic.hours(sum[2]).toPlainString()).as(key)
				.isEqualTo(adjustment.get("invalidTrafficHours").asString());
			sums.remove(key);
		}
		assertThat(sums.values()).as("rows of no line").allSatisfy((sum) -> assertThat(sum).containsOnly(0L));
	}

	private static JsonNode row(List<JsonNode> evidence, String sessionId, String forMonth) {
		return evidence.stream()
			.filter((row) -> row.get("sessionId").asString().equals(sessionId)
					&& row.get("forMonth").asString().equals(forMonth))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no row of " + sessionId + " for " + forMonth + " in " + evidence));
	}

	private static JsonNode statement(String holder, String month, String key) {
		ResponseEntity<String> answer = api.get("/v1/license-holders/" + holder + "/statements/" + month, key,
				MediaType.APPLICATION_JSON_VALUE);
		assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
		return JSON.readTree(answer.getBody());
	}

	private static List<JsonNode> evidence(String holder, String month, String videoId, String key) {
		ResponseEntity<String> answer = api.get("/v1/license-holders/" + holder + "/statements/" + month + "/evidence"
				+ ((videoId != null) ? "?videoId=" + videoId : ""), key, MediaType.APPLICATION_JSON_VALUE);
		assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(200);
		JsonNode body = JSON.readTree(answer.getBody());
		assertThat(body.get("month").asString()).isEqualTo(month);
		List<JsonNode> rows = new ArrayList<>();
		body.get("sessions").forEach(rows::add);
		return rows;
	}

	private static String sha256(String body) throws Exception {
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
	}

	private static void send(List<ViewingSession> sessions) throws Exception {
		try (KafkaProducer<String, ViewingSession> producer = AvroSerdes.producer(infra.registry().apiUrl(),
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()))) {
			for (ViewingSession session : sessions) {
				producer.send(new ProducerRecord<>(Topics.SESSIONS, session.getSessionId(), session)).get();
			}
		}
		ConsumerGroups.awaitCaughtUp(infra.kafkaBootstrapServers(), GROUP, Topics.SESSIONS, Duration.ofSeconds(30));
	}

	private static ViewingSession session(String id, long revision, String video, String user, String startedAt,
			Map<String, Long> days) {
		return StatementSessions.session("ev-" + id, revision, video, user, startedAt, days);
	}

}
