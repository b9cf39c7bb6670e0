package dev.playback.royalty.sessions;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.playback.infra.DeadLetters;
import dev.playback.infra.LocalInfrastructure;
import dev.playback.royalty.RoyaltyServiceApplication;
import dev.playback.royalty.retention.Retention;
import dev.playback.schemas.AvroSerdes;
import dev.playback.schemas.DailyPlay;
import dev.playback.schemas.Topics;
import dev.playback.schemas.ViewingSession;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * royalty-service on a real broker, registry and PostgreSQL server.
 */
class SessionUsageIT {

	static final LocalInfrastructure infra = LocalInfrastructure.shared();

	static ConfigurableApplicationContext app;

	static JdbcClient jdbc;

	@BeforeAll
	static void start() {
		app = RoyaltyServiceApplication.application()
			.run(infra.serviceArguments("playback.royalty", "royalty_it", "--server.port=0",
					"--spring.kafka.consumer.group-id=royalty-it", "--spring.main.banner-mode=off"));
		jdbc = app.getBean(JdbcClient.class);
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void aRevisionIsAppliedOnceAndAnOlderOneChangesNothing() {
		SessionUsageStore store = app.getBean(SessionUsageStore.class);
		String id = "s-" + UUID.randomUUID();
		assertThat(store.apply(session(id, 1, 1_000))).isTrue();
		assertThat(store.apply(session(id, 2, 5_000))).isTrue();
		assertThat(store.apply(session(id, 2, 5_000))).as("same revision again").isFalse();
		assertThat(store.apply(session(id, 1, 1_000))).as("older revision").isFalse();
		assertThat(playedMs(id)).isEqualTo(5_000);
		assertThat(revision(id)).isEqualTo(2);
	}

	@Test
	void theDailyRollupChangesByEachRevisionsDifferenceAndReplaysChangeNothing() {
		SessionUsageStore store = app.getBean(SessionUsageStore.class);
		String video = "video-" + UUID.randomUUID();
		String first = "s-" + UUID.randomUUID();
		String second = "s-" + UUID.randomUUID();
		double added = played("added");
		double withdrawn = played("withdrawn");
		store.apply(withDays(first, video, 1, Map.of("2026-11-01", 60_000L)));
		store.apply(withDays(second, video, 1, Map.of("2026-11-01", 5_000L)));
		// the first session grows past midnight, then a refold moves part of it
		store.apply(withDays(first, video, 2, Map.of("2026-11-01", 90_000L, "2026-11-02", 30_000L)));
		store.apply(withDays(first, video, 3, Map.of("2026-11-01", 80_000L, "2026-11-02", 30_000L)));
		assertThat(rollup(video)).containsExactly("2026-11-01=85000", "2026-11-02=30000");

		store.apply(withDays(first, video, 2, Map.of("2026-11-01", 90_000L, "2026-11-02", 30_000L)));
		store.apply(withDays(second, video, 1, Map.of("2026-11-01", 5_000L)));
		assertThat(rollup(video)).as("older and repeated revisions")
			.containsExactly("2026-11-01=85000", "2026-11-02=30000");

		store.apply(withDays(second, video, 2, Map.of()));
		assertThat(rollup(video)).as("an emptied session takes its play back")
			.containsExactly("2026-11-01=80000", "2026-11-02=30000");
		assertThat(jdbc
			.sql("SELECT session_id, CAST(day AS TEXT), played_ms, revision FROM session_daily_usage "
					+ "WHERE video_id = ? ORDER BY day")
			.param(video)
			.query((rs, row) -> rs.getString(1) + " " + rs.getString(2) + "=" + rs.getLong(3) + " r" + rs.getLong(4))
			.list()).as("per-day rows updated in place, the emptied session's deleted")
			.containsExactly(first + " 2026-11-01=80000 r3", first + " 2026-11-02=30000 r3");
		assertThat(played("added") - added).as("60 + 5 + 60 s added").isEqualTo(125);
		assertThat(played("withdrawn") - withdrawn).as("10 s by a refold, 5 s by the emptied session").isEqualTo(15);
	}

	private static double played(String change) {
		return app.getBean(MeterRegistry.class).get("royalty.played.seconds").tag("change", change).counter().count();
	}

	@Test
	void aBatchGivesWhatItsRevisionsGiveOneByOne() {
		SessionUsageStore store = app.getBean(SessionUsageStore.class);
		String video = "video-" + UUID.randomUUID();
		String first = "s-" + UUID.randomUUID();
		String second = "s-" + UUID.randomUUID();
		store.apply(withDays(first, video, 1, Map.of("2026-11-01", 60_000L)));
		int applied = store.apply(List.of(withDays(second, video, 1, Map.of("2026-11-01", 5_000L)),
				withDays(first, video, 3, Map.of("2026-11-01", 80_000L, "2026-11-02", 30_000L)),
				withDays(first, video, 2, Map.of("2026-11-01", 90_000L)),
				withDays(second, video, 2, Map.of("2026-11-02", 7_000L))));
		assertThat(applied).as("one change per session").isEqualTo(2);
		assertThat(rollup(video)).containsExactly("2026-11-01=80000", "2026-11-02=37000");
		assertThat(revision(first)).isEqualTo(3);

		assertThat(store.apply(List.of(withDays(first, video, 3, Map.of("2026-11-01", 1L)),
				withDays(second, video, 1, Map.of("2026-11-01", 1L)))))
			.as("a replayed batch")
			.isZero();
		assertThat(rollup(video)).containsExactly("2026-11-01=80000", "2026-11-02=37000");
	}

	@Test
	void sessionsFromTheTopicAreStoredAndPoisonRecordsGoToTheDeadLetterTopic() throws Exception {
		String poisonKey = "poison-" + UUID.randomUUID();
		String id = "s-" + UUID.randomUUID();
		Map<String, Object> config = new HashMap<>(AvroSerdes.serializerConfig(infra.registry().apiUrl()));
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
		try (var raw = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
			raw.send(new ProducerRecord<>(Topics.SESSIONS, poisonKey, "not avro".getBytes())).get();
		}
		String brokenKey = "broken-" + UUID.randomUUID();
		try (KafkaProducer<String, ViewingSession> producer = AvroSerdes.producer(infra.registry().apiUrl(), config)) {
			ViewingSession broken = ViewingSession.newBuilder(session(brokenKey, 1, 1_000)).setPlayedMs(2_000).build();
			producer.send(new ProducerRecord<>(Topics.SESSIONS, brokenKey, broken));
			producer.send(new ProducerRecord<>(Topics.SESSIONS, id, session(id, 3, 42_000))).get();
		}

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(playedMs(id)).isEqualTo(42_000));
		ConsumerRecord<String, byte[]> dead = deadLetter(poisonKey);
		assertThat(dead.value()).isEqualTo("not avro".getBytes());
		assertThat(new String(dead.headers().lastHeader("kafka_dlt-exception-fqcn").value()))
			.contains("DeserializationException");
		assertThat(dead.headers().lastHeader("kafka_dlt-original-topic").value()).isEqualTo(Topics.SESSIONS.getBytes());
		ConsumerRecord<String, byte[]> breaksARule = deadLetter(brokenKey);
		assertThat(new String(breaksARule.headers().lastHeader("kafka_dlt-exception-message").value()))
			.contains("playedMsByDay sums to 1000, playedMs is 2000");
		assertThat(playedMs(brokenKey)).as("nothing of it stored").isEqualTo(-1);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(
					() -> assertThat(app.getBean(MeterRegistry.class).get("sessions.deadlettered").counter().count())
						.isGreaterThanOrEqualTo(2));
	}

	private static ConsumerRecord<String, byte[]> deadLetter(String key) {
		ConsumerRecord<String, byte[]> dead = DeadLetters
			.read(infra.kafkaBootstrapServers(), Topics.ROYALTY_SESSIONS_DEAD_LETTER, key)
			.get(key);
		assertThat(dead).as("dead letter " + key).isNotNull();
		return dead;
	}

	@Test
	void whatStartedBeforeTheRetentionIsDeletedAndNeverComesBack() {
		SessionUsageStore store = app.getBean(SessionUsageStore.class);
		Retention retention = app.getBean(Retention.class);
		String video = "video-" + UUID.randomUUID();
		String october = "s-" + UUID.randomUUID();
		String november = "s-" + UUID.randomUUID();
		store.apply(List.of(startedAt(withDays(october, video, 1, Map.of("2026-10-31", 60_000L, "2026-11-01", 30_000L)),
				"2026-10-31T23:00:00Z"), withDays(november, video, 1, Map.of("2026-11-01", 45_000L))));
		jdbc.sql("INSERT INTO license_holders (holder_id, name, updated_at) VALUES ('retained', 'R', now())").update();
		for (String month : List.of("2026-10", "2026-11")) {
			jdbc.sql("INSERT INTO statements (holder_id, month, currency, total, finalized_at) "
					+ "VALUES ('retained', ?, 'EUR', 0, now())")
				.param(month)
				.update();
			jdbc.sql(
					"INSERT INTO statement_evidence VALUES ('retained', ?, ?, ?, ?, 'user-1', now(), 1, 0, 1, NULL, 1)")
				.params(month, month, video, october)
				.update();
		}
		List<String> rollup = rollup(video);

		assertThat(retention.deleteBefore(YearMonth.parse("2026-11"))).isPositive();

		assertThat(playedMs(october)).as("started before the horizon: deleted").isEqualTo(-1);
		assertThat(playedMs(november)).isEqualTo(45_000);
		assertThat(jdbc
			.sql("SELECT CAST(day AS TEXT) FROM session_daily_usage WHERE video_id = ? ORDER BY day, session_id")
			.param(video)
			.query(String.class)
			.list()).as("October's per-day rows are gone").containsExactly("2026-11-01", "2026-11-01");
		assertThat(jdbc.sql("SELECT month FROM statement_evidence WHERE holder_id = 'retained'")
			.query(String.class)
			.list()).containsExactly("2026-11");
		assertThat(rollup(video)).as("statements' figures stay").isEqualTo(rollup);

		// a revision of a session older than the configured retention (three years) is
		// not
		// applied: a replayed topic adds nothing back
		String old = "s-" + UUID.randomUUID();
		assertThat(store
			.apply(List.of(startedAt(withDays(old, video, 1, Map.of("2023-06-01", 60_000L)), "2023-06-01T10:00:00Z"))))
			.isZero();
		assertThat(playedMs(old)).isEqualTo(-1);
		assertThat(rollup(video)).isEqualTo(rollup);
		assertThat(app.getBean(MeterRegistry.class).counter("royalty.sessions.outside.retention").count()).isOne();
	}

	private static ViewingSession startedAt(ViewingSession session, String startedAt) {
		return ViewingSession.newBuilder(session).setStartedAt(Instant.parse(startedAt)).build();
	}

	private static long playedMs(String id) {
		return jdbc.sql("SELECT played_ms FROM session_usage WHERE session_id = ?")
			.param(id)
			.query(Long.class)
			.optional()
			.orElse(-1L);
	}

	private static List<String> rollup(String video) {
		return jdbc.sql("SELECT day, played_ms FROM video_daily_usage WHERE video_id = ? ORDER BY day")
			.param(video)
			.query((rs, row) -> rs.getObject(1, LocalDate.class) + "=" + rs.getLong(2))
			.list();
	}

	static ViewingSession withDays(String id, String video, long revision, Map<String, Long> days) {
		List<DailyPlay> played = days.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map((day) -> new DailyPlay(LocalDate.parse(day.getKey()), day.getValue()))
			.toList();
		long total = played.stream().mapToLong(DailyPlay::getPlayedMs).sum();
		return ViewingSession.newBuilder(session(id, revision, total))
			.setVideoId(video)
			.setPlayedMsByDay(played)
			.build();
	}

	private static long revision(String id) {
		return jdbc.sql("SELECT revision FROM session_usage WHERE session_id = ?").param(id).query(Long.class).single();
	}

	static ViewingSession session(String id, long revision, long playedMs) {
		Instant start = Instant.parse("2026-11-01T10:00:00Z");
		return ViewingSession.newBuilder()
			.setSessionId(id)
			.setPlaybackId(id)
			.setRevision(revision)
			.setUserId("user-1")
			.setVideoId("video-1")
			.setStartedAt(start)
			.setLastEventAt(start.plusMillis(playedMs))
			.setLastPositionMs(playedMs)
			.setSegments(List.of())
			.setUniqueWatchedMs(playedMs)
			.setPlayedMs(playedMs)
			.setPlayedMsByDay(List.of(new DailyPlay(LocalDate.parse("2026-11-01"), playedMs)))
			.setAds(List.of())
			.setEventCount(revision)
			.setClosed(false)
			.build();
	}

}
