package dev.playback.royalty.statement;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import dev.playback.infra.BadInputs;
import dev.playback.reports.catalog.TextRule;
import dev.playback.infra.ConsumerGroups;
import dev.playback.infra.ApiCalls;
import dev.playback.infra.LocalInfrastructure;
import dev.playback.royalty.RoyaltyServiceApplication;
import dev.playback.schemas.AvroSerdes;
import dev.playback.schemas.Topics;
import dev.playback.schemas.InvalidTraffic;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import static dev.playback.royalty.statement.StatementSessions.invalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The catalog and statement APIs over HTTP on a real PostgreSQL server, with usage
 * applied through the same path the sessions topic takes.
 */
class StatementApiIT {

	static final String OPERATOR = "operator-secret-for-tests";

	/** The group SessionUsageListener names. */
	static final String GROUP = "royalty-service";

	static final LocalInfrastructure infra = LocalInfrastructure.shared();

	static final JsonMapper JSON = JsonMapper.builder().build();

	static ConfigurableApplicationContext app;

	static ApiCalls api;

	@Test
	void theApiIsDocumentedWithItsFieldsAndBrowsableInSwaggerUi() throws Exception {
		JsonNode document = JSON.readTree(api.get("/v3/api-docs", null, MediaType.APPLICATION_JSON_VALUE).getBody());
		assertThat(document.at("/paths").toString()).contains("/v1/license-holders/{holderId}/statements/{month}")
			.contains("/v1/me");
		assertThat(document.at("/components/schemas/LineView/properties/hoursStreamed/description").asString())
			.isEqualTo("played hours in the month, 6 decimals");
		assertThat(document.at("/components/securitySchemes/key/scheme").asString()).isEqualTo("bearer");
		ResponseEntity<String> ui = api.get("/swagger-ui/index.html", null, MediaType.TEXT_HTML_VALUE);
		assertThat(ui.getStatusCode().value()).isEqualTo(200);
		assertThat(ui.getBody()).contains("Swagger UI");
	}

	@BeforeAll
	static void start() {
		app = RoyaltyServiceApplication.application()
			.run(infra.serviceArguments("playback.royalty", "royalty_statements_it", "--server.port=0",
					"--spring.main.banner-mode=off", "--playback.royalty.operator-key=" + OPERATOR));
		api = new ApiCalls(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void aHoldersStatementPricesEachDayByItsCardAndOnlyItsOwnKeySeesIt() throws Exception {
		assertThat(api.put("/v1/admin/license-holders/studio-a", "{\"name\":\"Studio A\"}", OPERATOR)
			.getStatusCode()
			.value()).isEqualTo(200);
		api.put("/v1/admin/license-holders/studio-b", "{\"name\":\"Studio B\"}", OPERATOR);
		String keyA = JSON.readTree(api.post("/v1/admin/license-holders/studio-a/api-keys", OPERATOR).getBody())
			.get("apiKey")
			.asString();
		String keyB = JSON.readTree(api.post("/v1/admin/license-holders/studio-b/api-keys", OPERATOR).getBody())
			.get("apiKey")
			.asString();
		api.put("/v1/admin/videos/film-1", "{\"licenseHolderId\":\"studio-a\",\"title\":\"Film 1\"}", OPERATOR);
		api.put("/v1/admin/videos/film-2", "{\"licenseHolderId\":\"studio-a\",\"title\":\"Film 2\"}", OPERATOR);
		api.put("/v1/admin/videos/film-3", "{\"licenseHolderId\":\"studio-b\",\"title\":\"Film 3\"}", OPERATOR);
		api.put("/v1/admin/license-holders/studio-a/rate-cards/2026-03-01",
				"{\"currency\":\"EUR\",\"ratePerHour\":1.20}", OPERATOR);
		api.put("/v1/admin/license-holders/studio-a/rate-cards/2026-03-16",
				"{\"currency\":\"EUR\",\"ratePerHour\":1.5}", OPERATOR);
		api.put("/v1/admin/license-holders/studio-b/rate-cards/2026-01-01", "{\"currency\":\"USD\",\"ratePerHour\":2}",
				OPERATOR);

		List<ViewingSession> sessions = List.of(
				session("a", "film-1", "user-1", "2026-03-10T20:00:00Z", Map.of("2026-03-10", 3_600_000L)),
				session("b", "film-1", "user-2", "2026-03-20T20:00:00Z", Map.of("2026-03-20", 1_800_000L)),
				session("c", "film-2", "user-1", "2026-03-31T23:59:00Z",
						Map.of("2026-03-31", 10_000L, "2026-04-01", 50_000L)),
				session("d", "film-3", "user-3", "2026-03-05T10:00:00Z", Map.of("2026-03-05", 3_600_000L)),
				session("e", "film-1", "user-3", "2026-03-05T10:00:00Z", Map.of("2026-03-05", 29_999L)),
				// a bot's hour: shown apart, in no other column, paid nothing
				invalid(session("f", "film-1", "user-4", "2026-03-12T08:00:00Z", Map.of("2026-03-12", 3_600_000L)),
						InvalidTraffic.GIVT_BOT_AGENT),
				// a session valid at first, found invalid by a later revision: its hour
				// moves
				invalid(session("g", "film-2", "user-5", "2026-03-13T08:00:00Z", Map.of("2026-03-13", 1_800_000L)),
						null),
				revised(invalid(
						session("g", "film-2", "user-5", "2026-03-13T08:00:00Z", Map.of("2026-03-13", 1_800_000L)),
						InvalidTraffic.GIVT_ACTIVITY)));
		// through the sessions topic, twice: the replay must change nothing
		try (KafkaProducer<String, ViewingSession> producer = sessionsProducer()) {
			for (int replay = 0; replay < 2; replay++) {
				for (ViewingSession session : sessions) {
					producer.send(new ProducerRecord<>(Topics.SESSIONS, session.getSessionId(), session)).get();
				}
			}
		}
		awaitEverySessionApplied();

		ResponseEntity<String> answer = api.get("/v1/license-holders/studio-a/statements/2026-03", keyA,
				MediaType.APPLICATION_JSON_VALUE);
		assertThat(answer.getStatusCode().value()).isEqualTo(200);
		JsonNode statement = JSON.readTree(answer.getBody());
		assertThat(statement.get("currency").asString()).isEqualTo("EUR");
		assertThat(statement.get("status").asString()).isEqualTo("PROVISIONAL");
		// film-1: 1 h x 1.20 + (0.5 h + 29.999 s) x 1.50 = 1.20 + 0.762... = 1.96
		assertThat(statement.get("lines").toString()).isEqualTo(JSON.readTree("""
				[{"videoId":"film-1","title":"Film 1","hoursStreamed":"1.508333","qualifyingViews":2,"uniqueViewers":2,
				  "amount":"1.96","invalidTrafficHours":"1.000000"},
				 {"videoId":"film-2","title":"Film 2","hoursStreamed":"0.002778","qualifyingViews":1,"uniqueViewers":1,
				  "amount":"0.00","invalidTrafficHours":"0.500000"}]
				""").toString());
		assertThat(statement.get("total").asString()).isEqualTo("1.96");

		ResponseEntity<String> csv = api.get("/v1/license-holders/studio-a/statements/2026-03", keyA, "text/csv");
		assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
		assertThat(csv.getHeaders().getFirst("X-Statement-Total")).isEqualTo("1.96");
		List<String> rows = csv.getBody().lines().toList();
		assertThat(rows.get(0))
			.isEqualTo("videoId,title,forMonth,hoursStreamed,qualifyingViews,uniqueViewers,amount,currency,"
					+ "invalidTrafficHours");
		for (int i = 1; i < rows.size(); i++) {
			String[] cells = rows.get(i).split(",");
			JsonNode line = statement.get("lines").get(i - 1);
			assertThat(cells).containsExactly(line.get("videoId").asString(), line.get("title").asString(), "2026-03",
					line.get("hoursStreamed").asString(), line.get("qualifyingViews").asString(),
					line.get("uniqueViewers").asString(), line.get("amount").asString(), "EUR",
					line.get("invalidTrafficHours").asString());
		}
		assertThat(rows).hasSize(3);

		JsonNode usage = JSON.readTree(api.get("/v1/license-holders/studio-a/usage?from=2026-03-31&to=2026-04-01", keyA,
				MediaType.APPLICATION_JSON_VALUE)
			.getBody());
		assertThat(usage.get("rows").toString()).isEqualTo(JSON
			.readTree(
					"""
							[{"day":"2026-03-31","videoId":"film-2","playedMs":10000,"hoursStreamed":"0.002778","invalidPlayedMs":0},
							 {"day":"2026-04-01","videoId":"film-2","playedMs":50000,"hoursStreamed":"0.013889","invalidPlayedMs":0}]
							""")
			.toString());
		assertThat(api
			.get("/v1/license-holders/studio-a/usage?from=2026-03-01&to=2026-03-31", keyB,
					MediaType.APPLICATION_JSON_VALUE)
			.getStatusCode()
			.value()).as("another holder's usage").isEqualTo(404);
		assertThat(api
			.get("/v1/license-holders/studio-a/usage?from=2026-03-02&to=2026-03-01", keyA,
					MediaType.APPLICATION_JSON_VALUE)
			.getStatusCode()
			.value()).isEqualTo(400);

		assertThat(api.get("/v1/license-holders/studio-a/statements/2026-03", keyB, MediaType.APPLICATION_JSON_VALUE)
			.getStatusCode()
			.value()).as("another holder's statement").isEqualTo(404);
		assertThat(api.get("/v1/license-holders/studio-b/statements/2026-03", keyB, "text/csv").getBody())
			.contains("film-3,Film 3,2026-03,1.000000,1,1,2.00,USD");
		assertThat(
				api.get("/v1/license-holders/studio-b/statements/2026-03", OPERATOR, MediaType.APPLICATION_JSON_VALUE)
					.getStatusCode()
					.value())
			.as("the operator sees every holder")
			.isEqualTo(200);

		aKeyTellsWhoseItIs(keyA);
		closingAMonthFreezesItAndLaterDataBecomesAnAdjustment(keyA, statement);
	}

	private void aKeyTellsWhoseItIs(String keyA) throws Exception {
		assertThat(JSON.readTree(api.get("/v1/me", keyA, MediaType.APPLICATION_JSON_VALUE).getBody())).isEqualTo(
				JSON.readTree("{\"kind\":\"license-holder\",\"licenseHolderId\":\"studio-a\",\"name\":\"Studio A\"}"));
		assertThat(JSON.readTree(api.get("/v1/me", OPERATOR, MediaType.APPLICATION_JSON_VALUE).getBody()))
			.isEqualTo(JSON.readTree("{\"kind\":\"operator\"}"));
		assertThat(api.get("/v1/me", "pk_nobody", MediaType.APPLICATION_JSON_VALUE).getStatusCode().value())
			.isEqualTo(401);
		assertThat(api.get("/v1/me", null, MediaType.APPLICATION_JSON_VALUE).getStatusCode().value()).isEqualTo(401);

		JsonNode holders = JSON
			.readTree(api.get("/v1/admin/license-holders", OPERATOR, MediaType.APPLICATION_JSON_VALUE).getBody());
		assertThat(holders.toString()).contains(JSON.readTree("""
				{"licenseHolderId":"studio-a","name":"Studio A","videos":2,"currency":"EUR"}""").toString());
		assertThat(api.get("/v1/admin/license-holders", keyA, MediaType.APPLICATION_JSON_VALUE).getStatusCode().value())
			.as("the catalog is the operator's")
			.isEqualTo(401);
	}

	private void closingAMonthFreezesItAndLaterDataBecomesAnAdjustment(String keyA, JsonNode march) throws Exception {
		assertThat(api.post("/v1/admin/license-holders/studio-a/statements/2026-03/finalize", keyA)
			.getStatusCode()
			.value()).as("the holder cannot close its own month").isEqualTo(401);
		JsonNode closed = JSON
			.readTree(api.post("/v1/admin/license-holders/studio-a/statements/2026-03/finalize", OPERATOR).getBody());
		assertThat(closed.get("status").asString()).isEqualTo("FINAL");
		assertThat(closed.get("lines")).isEqualTo(march.get("lines"));
		assertThat(closed.get("total").asString()).isEqualTo("1.96");

		// a session of March that arrives after March was closed
		try (KafkaProducer<String, ViewingSession> producer = sessionsProducer()) {
			ViewingSession late = session("late", "film-1", "user-4", "2026-03-25T20:00:00Z",
					Map.of("2026-03-25", 3_600_000L));
			producer.send(new ProducerRecord<>(Topics.SESSIONS, late.getSessionId(), late)).get();
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> JSON
				.readTree(api
					.get("/v1/license-holders/studio-a/statements/2026-04", keyA, MediaType.APPLICATION_JSON_VALUE)
					.getBody())
				.get("adjustments")
				.size() == 1);

		JsonNode marchAgain = JSON
			.readTree(api.get("/v1/license-holders/studio-a/statements/2026-03", keyA, MediaType.APPLICATION_JSON_VALUE)
				.getBody());
		assertThat(marchAgain).as("a FINAL statement never changes").isEqualTo(closed);
		JsonNode april = JSON
			.readTree(api.get("/v1/license-holders/studio-a/statements/2026-04", keyA, MediaType.APPLICATION_JSON_VALUE)
				.getBody());
		assertThat(april.get("status").asString()).isEqualTo("PROVISIONAL");
		// March for film-1 is now 3.46 (1 h more at 1.50): 1.50 more than settled
		assertThat(april.get("adjustments").toString()).isEqualTo(JSON
			.readTree(
					"""
							[{"videoId":"film-1","title":"Film 1","forMonth":"2026-03","hoursStreamed":"1.000000","qualifyingViews":1,
							  "uniqueViewers":1,"amount":"1.50","invalidTrafficHours":"0.000000"}]
							""")
			.toString());
		// April's own line: film-2's 50 s past midnight at 1.50/h
		assertThat(april.get("total").asString()).isEqualTo("1.52");
		assertThat(api.get("/v1/license-holders/studio-a/statements/2026-04", keyA, "text/csv").getBody())
			.contains("film-1,Film 1,2026-03,1.000000,1,1,1.50,EUR");

		api.post("/v1/admin/license-holders/studio-a/statements/2026-04/finalize", OPERATOR);
		JsonNode may = JSON
			.readTree(api.get("/v1/license-holders/studio-a/statements/2026-05", keyA, MediaType.APPLICATION_JSON_VALUE)
				.getBody());
		assertThat(may.get("adjustments").size()).as("the adjustment was settled with April").isZero();
		assertThat(api.post("/v1/admin/license-holders/studio-a/statements/2099-01/finalize", OPERATOR)
			.getStatusCode()
			.value()).as("a month that has not ended").isEqualTo(409);

		// 15 days after the end of May, every month up to May closes on its own
		assertThat(app.getBean(MonthCloser.class).closeDueMonths(LocalDate.parse("2026-06-15"))).isEqualTo(2);
		assertThat(app.getBean(MonthCloser.class).closeDueMonths(LocalDate.parse("2026-06-16"))).isEqualTo(2);
		assertThat(statusOf("studio-b", "2026-03")).isEqualTo("FINAL");
		assertThat(statusOf("studio-b", "2026-05")).isEqualTo("FINAL");
		assertThat(statusOf("studio-a", "2026-05")).isEqualTo("FINAL");
		assertThat(statusOf("studio-a", "2026-06")).isEqualTo("PROVISIONAL");
	}

	private static String statusOf(String holder, String month) {
		return JSON
			.readTree(api.get("/v1/license-holders/" + holder + "/statements/" + month, OPERATOR,
					MediaType.APPLICATION_JSON_VALUE)
				.getBody())
			.get("status")
			.asString();
	}

	@Test
	void videosAreImportedFromCsvAllOrNothingWithAnErrorPerBadRow() throws Exception {
		api.put("/v1/admin/license-holders/importer", "{\"name\":\"Importer\"}", OPERATOR);
		ResponseEntity<String> bad = api.postCsv("/v1/admin/videos/import", """
				videoId,licenseHolderId,title,durationMs
				imp-1,importer,Good,60000
				imp 2,nobody,,-5
				imp-3,importer,"Fine, with a comma",
				imp-4,importer,Bell\u0007in the title,1
				""", OPERATOR);
		assertThat(bad.getStatusCode().value()).isEqualTo(400);
		JsonNode problem = JSON.readTree(bad.getBody());
		assertThat(problem.get("errors").toString()).contains("\"row\":3,\"field\":\"videoId\"")
			.contains("\"row\":3,\"field\":\"licenseHolderId\"")
			.contains("\"row\":3,\"field\":\"title\"")
			.contains("\"row\":3,\"field\":\"durationMs\"")
			.contains("\"row\":5,\"field\":\"title\",\"message\":\"" + TextRule.RULE);
		assertThat(problem.get("errors").size()).isEqualTo(5);
		var jdbc = app.getBean(org.springframework.jdbc.core.simple.JdbcClient.class);
		assertThat(jdbc.sql("SELECT COUNT(*) FROM videos WHERE holder_id = 'importer'").query(Long.class).single())
			.as("nothing of a bad file")
			.isZero();

		StringBuilder many = new StringBuilder("videoId,licenseHolderId,title,durationMs\n");
		for (int i = 0; i < 2_000; i++) {
			many.append("imp-")
				.append(i)
				.append(",importer,\"Title, part ")
				.append(i)
				.append("\",")
				.append(i + 1)
				.append('\n');
		}
		ResponseEntity<String> good = api.postCsv("/v1/admin/videos/import", many.toString(), OPERATOR);
		assertThat(good.getStatusCode().value()).isEqualTo(200);
		assertThat(JSON.readTree(good.getBody()).get("imported").asInt()).isEqualTo(2_000);
		assertThat(jdbc.sql("SELECT title FROM videos WHERE video_id = 'imp-7'").query(String.class).single())
			.isEqualTo("Title, part 7");
		assertThat(api.postCsv("/v1/admin/videos/import", many.toString(), null).getStatusCode().value())
			.as("without the operator key")
			.isEqualTo(401);
	}

	@Test
	void hostileIdsAndParametersNeverMakeA5xx() throws Exception {
		int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
		for (String bad : BadInputs.corpusAndGenerated(150)) {
			String x = BadInputs.encode(bad);
			List<String[]> calls = List.of(new String[] { "GET", "/v1/license-holders/" + x + "/statements/2026-03" },
					new String[] { "GET", "/v1/license-holders/studio-a/statements/" + x },
					new String[] { "GET", "/v1/license-holders/studio-a/usage?from=" + x + "&to=2026-03-31" },
					new String[] { "GET", "/v1/license-holders/" + x + "/usage?from=2026-03-01&to=2026-03-31" },
					new String[] { "POST", "/v1/admin/license-holders/" + x + "/statements/2026-03/finalize" },
					new String[] { "PUT", "/v1/admin/license-holders/studio-a/rate-cards/" + x });
			for (String[] call : calls) {
				String body = call[0].equals("PUT") ? "{\"currency\":\"EUR\",\"ratePerHour\":1}" : null;
				var answer = BadInputs.send(port, call[0], call[1], OPERATOR, body);
				assertThat(answer.statusCode()).as(call[0] + " " + call[1]).isBetween(400, 499);
			}
		}
	}

	@Test
	void hostileBodiesOnTheAdminEndpointsAreA4xxProblemAndStoreNothing() throws Exception {
		int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
		assertThat(api.put("/v1/admin/license-holders/fuzz-owner", "{\"name\":\"Owner\"}", OPERATOR)
			.getStatusCode()
			.value()).isEqualTo(200);
		JdbcClient jdbc = app.getBean(JdbcClient.class);

		int holders = BadInputs.putEach(port, OPERATOR, BadInputs.jsonBodies(Map.of("name", "\"Studio\""), 100),
				(n) -> "/v1/admin/license-holders/fuzz-holder-" + n);
		assertThat(jdbc.sql("SELECT COUNT(*) FROM license_holders WHERE holder_id LIKE 'fuzz-holder-%'")
			.query(Long.class)
			.single()).isEqualTo(holders);

		int videos = BadInputs.putEach(port, OPERATOR,
				BadInputs.jsonBodies(
						Map.of("licenseHolderId", "\"fuzz-owner\"", "title", "\"Film\"", "durationMs", "60000"), 100),
				(n) -> "/v1/admin/videos/fuzz-video-" + n);
		assertThat(
				jdbc.sql("SELECT COUNT(*) FROM videos WHERE video_id LIKE 'fuzz-video-%'").query(Long.class).single())
			.isEqualTo(videos);

		LocalDate first = LocalDate.of(2040, 1, 1);
		int cards = BadInputs.putEach(port, OPERATOR,
				BadInputs.jsonBodies(Map.of("currency", "\"EUR\"", "ratePerHour", "\"0.90\""), 100),
				(n) -> "/v1/admin/license-holders/fuzz-owner/rate-cards/" + first.plusDays(n));
		assertThat(
				jdbc.sql("SELECT COUNT(*) FROM rate_cards WHERE holder_id = 'fuzz-owner'").query(Long.class).single())
			.isEqualTo(cards);
		// the valid bodies among them were taken: the counts above are not vacuous
		assertThat(List.of(holders, videos, cards)).allSatisfy((taken) -> assertThat(taken).isPositive());

		// bodies over 1 MiB are refused before they are read; CSV imports may hold 32 MiB
		var big = BadInputs.send(port, "PUT", "/v1/admin/license-holders/fuzz-big", OPERATOR,
				"{\"name\":\"" + "n".repeat(1024 * 1024) + "\"}");
		assertThat(big.statusCode()).isEqualTo(413);
		assertThat(big.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		StringBuilder csv = new StringBuilder("videoId,licenseHolderId,title,durationMs\n");
		for (int i = 0; csv.length() < 1536 * 1024; i++) {
			csv.append("fuzz-import-").append(i).append(",fuzz-owner,").append("t".repeat(80)).append(",1000\n");
		}
		assertThat(api.postCsv("/v1/admin/videos/import", csv.toString(), OPERATOR).getStatusCode().value())
			.isEqualTo(200);
	}

	@Test
	void withoutTheRightKeyNothingIsReadOrWritten() {
		assertThat(api.get("/v1/license-holders/studio-a/statements/2026-03", null, MediaType.APPLICATION_JSON_VALUE)
			.getStatusCode()
			.value()).isEqualTo(401);
		assertThat(api
			.get("/v1/license-holders/studio-a/statements/2026-03", "pk_made-up", MediaType.APPLICATION_JSON_VALUE)
			.getStatusCode()
			.value()).isEqualTo(401);
		assertThat(api.put("/v1/admin/license-holders/intruder", "{\"name\":\"x\"}", null).getStatusCode().value())
			.isEqualTo(401);
		assertThat(api.put("/v1/admin/license-holders/intruder", "{\"name\":\"x\"}", "not-the-operator")
			.getStatusCode()
			.value()).isEqualTo(401);
		assertThat(app.getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
			.sql("SELECT COUNT(*) FROM license_holders WHERE holder_id = 'intruder'")
			.query(Long.class)
			.single()).isZero();
		assertThat(
				api.get("/v1/license-holders/studio-a/statements/2026-13", OPERATOR, MediaType.APPLICATION_JSON_VALUE)
					.getStatusCode()
					.value())
			.isIn(400, 404);
	}

	private static ViewingSession revised(ViewingSession session) {
		return ViewingSession.newBuilder(session).setRevision(session.getRevision() + 1).build();
	}

	private static ViewingSession session(String id, String video, String user, String startedAt,
			Map<String, Long> days) {
		return StatementSessions.session("stmt-" + id, 1, video, user, startedAt, days);
	}

	/**
	 * Until the service has committed every record of the sessions topic, replays
	 * included.
	 */
	private static void awaitEverySessionApplied() throws InterruptedException {
		ConsumerGroups.awaitCaughtUp(infra.kafkaBootstrapServers(), GROUP, Topics.SESSIONS, Duration.ofSeconds(30));
	}

	private static KafkaProducer<String, ViewingSession> sessionsProducer() {
		return AvroSerdes.producer(infra.registry().apiUrl(),
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()));
	}

}
