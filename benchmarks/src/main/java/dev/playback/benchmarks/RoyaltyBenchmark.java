package dev.playback.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import dev.playback.infra.FreePorts;
import dev.playback.localstack.LocalStack;
import dev.playback.infra.LocalInfrastructure;
import dev.playback.royalty.RoyaltyServiceApplication;
import dev.playback.schemas.DailyPlay;
import dev.playback.schemas.ViewingSession;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code java -jar benchmarks-exec.jar royalty [revisions] [repeats]}: royalty-service
 * applying session revisions from the sessions topic to the local PostgreSQL, beside a
 * plain batched insert of as many rows into the same database in the same run; then the
 * latency of a statement for a holder with 10,000 videos over a 31-day month.
 */
public final class RoyaltyBenchmark {

	private static final String OPERATOR = "bench-operator-key";

	private static final int VIDEOS = 10_000;

	private RoyaltyBenchmark() {
	}

	static void run(int revisions, int repeats) throws Exception {
		Path work = Files.createTempDirectory("playback-bench-royalty-");
		try (LocalInfrastructure infra = LocalInfrastructure.start(work)) {
			SessionConsumerBench.createTopic(infra);
			int port = FreePorts.next();
			try (ConfigurableApplicationContext royalty = RoyaltyServiceApplication.application()
				.run(infra.serviceArguments("playback.royalty", "royalty_bench", "--server.port=" + port,
						"--spring.main.banner-mode=off", "--logging.level.org.apache.kafka=WARN",
						LocalStack.SERVICE_ONLY, "--logging.level.org.springframework.kafka=WARN",
						"--spring.kafka.consumer.group-id=bench-royalty",
						"--playback.royalty.operator-key=" + OPERATOR))) {
				JdbcTemplate jdbc = royalty.getBean(JdbcTemplate.class);
				Timestamp now = Timestamp.from(Instant.now());
				List<SessionConsumerBench.Pass> passes = SessionConsumerBench.passes(infra, royalty, "royalty-sessions",
						repeats, (pass) -> sessions(pass, revisions), "session_usage",
						"session_id, revision, user_id, video_id, started_at, last_event_at, played_ms, "
								+ "unique_watched_ms, closed, updated_at",
						(i) -> new Object[] { "plain-" + i, 1L, "user-" + i, "video-" + i, now, now, 1_000L, 1_000L,
								true, now });
				List<Double> latencies = statementLatencies(jdbc, port);
				SessionConsumerBench.printFigures(revisions + " revisions of " + revisions / 2 + " sessions", passes,
						"statement, " + VIDEOS + " videos, 31 days, 2 rate cards", latencies);
			}
		}
	}

	/**
	 * Half the sessions get a second revision, so updates by difference are measured too.
	 * Each pass's sessions play on two days of their own.
	 */
	private static List<ViewingSession> sessions(int pass, int revisions) {
		Instant start = Instant.parse("2026-03-31T23:50:00Z").minus(2L * pass, ChronoUnit.DAYS);
		LocalDate first = LocalDate.parse("2026-03-31").minusDays(2L * pass);
		List<ViewingSession> sessions = new ArrayList<>(revisions);
		for (int revision = 1; revision <= 2; revision++) {
			for (int i = 0; i < revisions / 2; i++) {
				long today = 300_000L * revision;
				sessions.add(ViewingSession.newBuilder()
					.setSessionId("bench-" + pass + "-" + i)
					.setPlaybackId("bench-" + pass + "-" + i)
					.setRevision(revision)
					.setUserId("user-" + (i % 5_000))
					.setVideoId("video-" + (i % VIDEOS))
					.setStartedAt(start)
					.setLastEventAt(start.plusMillis(600_000L + today))
					.setLastPositionMs(600_000L + today)
					.setSegments(List.of())
					.setUniqueWatchedMs(600_000L + today)
					.setPlayedMs(600_000L + today)
					.setPlayedMsByDay(List.of(new DailyPlay(first, 600_000L), new DailyPlay(first.plusDays(1), today)))
					.setAds(List.of())
					.setEventCount(10L * revision)
					.setClosed(revision == 2)
					.build());
			}
		}
		return sessions;
	}

	private static List<Double> statementLatencies(JdbcTemplate jdbc, int port) throws Exception {
		jdbc.update("INSERT INTO license_holders (holder_id, name, updated_at) VALUES ('big', 'Big', now())");
		jdbc.update("INSERT INTO rate_cards VALUES ('big', DATE '2026-03-01', 'EUR', 1.200000)");
		jdbc.update("INSERT INTO rate_cards VALUES ('big', DATE '2026-03-16', 'EUR', 1.350000)");
		List<Object[]> videos = new ArrayList<>();
		List<Object[]> days = new ArrayList<>();
		for (int v = 0; v < VIDEOS; v++) {
			videos.add(new Object[] { "big-" + v, "big", "Title " + v });
			for (int d = 1; d <= 31; d++) {
				days.add(new Object[] { "big-" + v, LocalDate.of(2026, 3, d), 60_000L * ((v + d) % 97) });
			}
		}
		jdbc.batchUpdate("INSERT INTO videos (video_id, holder_id, title, updated_at) VALUES (?, ?, ?, now())", videos);
		jdbc.batchUpdate("INSERT INTO video_daily_usage (video_id, day, played_ms) VALUES (?, ?, ?)", days);
		jdbc.update(
				"""
						INSERT INTO session_usage (session_id, revision, user_id, video_id, started_at, last_event_at, played_ms,
						                           unique_watched_ms, closed, updated_at)
						SELECT 'big-s-' || g, 1, 'user-' || (g % 20000), 'big-' || (g % 10000),
						       TIMESTAMP WITH TIME ZONE '2026-03-01 00:00:00+00' + (g % 30) * INTERVAL '1 day',
						       TIMESTAMP WITH TIME ZONE '2026-03-01 01:00:00+00', 60000, 60000, true, now()
						FROM generate_series(1, 100000) AS g
						""");
		jdbc.execute("ANALYZE");
		return SessionConsumerBench.latencies(port, "/v1/license-holders/big/statements/2026-03", OPERATOR,
				"\"lines\"");
	}

}
