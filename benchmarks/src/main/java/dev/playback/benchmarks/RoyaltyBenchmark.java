package dev.playback.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
 * latency of a statement for a holder with 10,000 videos over a 31-day month, and the
 * evidence of a line of a million sessions streamed as CSV.
 */
public final class RoyaltyBenchmark {

	private static final String OPERATOR = "bench-operator-key";

	private static final int VIDEOS = 10_000;

	private static final int EVIDENCE_SESSIONS = 1_000_000;

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
				List<Double> latencies = SessionConsumerBench.applyOnly() ? List.of() : statementLatencies(jdbc, port);
				SessionConsumerBench.printFigures(SessionConsumerBench.revisionsOfSessions(revisions), passes,
						"statement, " + VIDEOS + " videos, 31 days, 2 rate cards", latencies);
				if (!SessionConsumerBench.applyOnly()) {
					overYears(jdbc, port);
					evidence(jdbc, port);
				}
			}
		}
	}

	/**
	 * Each session's later revisions add play on its second day, so updates by difference
	 * are measured too (see {@link SessionConsumerBench#revisionsPerSession()}). Each
	 * pass's sessions play on two days of their own.
	 */
	private static List<ViewingSession> sessions(int pass, int revisions) {
		Instant start = Instant.parse("2026-03-31T23:50:00Z").minus(2L * pass, ChronoUnit.DAYS);
		LocalDate first = LocalDate.parse("2026-03-31").minusDays(2L * pass);
		int perSession = SessionConsumerBench.revisionsPerSession();
		List<ViewingSession> sessions = new ArrayList<>(revisions);
		for (int revision = 1; revision <= perSession; revision++) {
			for (int i = 0; i < revisions / perSession; i++) {
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
					.setClosed(revision == perSession)
					.build());
			}
		}
		return sessions;
	}

	/**
	 * The same statement with 35 FINAL months of the holder's data before it (10 days of
	 * play per video and month, 3,500,000 daily rows; the months' statements and their
	 * 350,000 lines): as it is read now (no month changed since it closed), and as every
	 * read was before months were marked late (all 35 recomputed for adjustments).
	 */
	private static void overYears(JdbcTemplate jdbc, int port) throws Exception {
		jdbc.update("""
				INSERT INTO video_daily_usage (video_id, day, played_ms)
				SELECT 'big-' || v, CAST(DATE '2023-04-01' + m * INTERVAL '1 month' + d * INTERVAL '3 days' AS DATE),
				       60000 * ((v + d) %% 97)
				FROM generate_series(0, %d) AS v, generate_series(0, 34) AS m, generate_series(0, 9) AS d
				""".formatted(VIDEOS - 1));
		jdbc.update("""
				INSERT INTO statements (holder_id, month, currency, total, finalized_at, evidence_frozen)
				SELECT 'big', to_char(DATE '2023-04-01' + m * INTERVAL '1 month', 'YYYY-MM'), 'EUR', 0, now(), true
				FROM generate_series(0, 34) AS m
				""");
		jdbc.update("""
				INSERT INTO statement_lines (holder_id, month, for_month, video_id, played_ms, qualifying_views,
				                             unique_viewers, amount, title)
				SELECT 'big', s.month, s.month, v.video_id, 0, 0, 0, 0, v.title
				FROM statements s JOIN videos v ON v.holder_id = 'big' WHERE s.holder_id = 'big'
				""");
		jdbc.execute("ANALYZE");
		String path = "/v1/license-holders/big/statements/2026-03";
		List<Double> settled = SessionConsumerBench.latencies(port, path, OPERATOR, "\"lines\"");
		jdbc.update("INSERT INTO late_usage (holder_id, month, version) SELECT holder_id, month, 1 FROM statements "
				+ "WHERE holder_id = 'big'");
		List<Double> everyMonth = SessionConsumerBench.latencies(port, path, OPERATOR, "\"lines\"");
		jdbc.update("DELETE FROM late_usage WHERE holder_id = 'big'");
		System.out.printf(Locale.ROOT,
				"| statement, %d videos, after 35 FINAL months (3.5 M daily rows): settled months | median %.0f ms, "
						+ "max %.0f ms |%n| the same, all 35 months recomputed (every read before late months were "
						+ "kept) | median %.0f ms, max %.0f ms |%n",
				VIDEOS, Figures.median(settled), settled.stream().mapToDouble(Double::doubleValue).max().orElseThrow(),
				Figures.median(everyMonth), everyMonth.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
	}

	/**
	 * One line of {@value #EVIDENCE_SESSIONS} sessions, its evidence streamed as CSV over
	 * HTTP three times: rows per second as the client reads them, and the old generation
	 * of the service's heap (what survives young collections), sampled every 20 ms,
	 * against before (the service runs in this JVM).
	 */
	private static void evidence(JdbcTemplate jdbc, int port) throws Exception {
		jdbc.update("INSERT INTO videos (video_id, holder_id, title, updated_at) VALUES ('big-ev', 'big', 'E', now())");
		jdbc.update(
				"""
						INSERT INTO session_usage (session_id, revision, user_id, video_id, started_at, last_event_at, played_ms,
						                           unique_watched_ms, closed, updated_at)
						SELECT 'ev-s-' || g, 1, 'user-' || (g %% 200000), 'big-ev',
						       TIMESTAMP WITH TIME ZONE '2026-03-01 00:00:00+00' + (g %% 30) * INTERVAL '1 day',
						       TIMESTAMP WITH TIME ZONE '2026-03-01 01:00:00+00', 10000 + g %% 50000, 60000, true, now()
						FROM generate_series(1, %d) AS g
						"""
					.formatted(EVIDENCE_SESSIONS));
		jdbc.update("""
				INSERT INTO session_daily_usage (session_id, day, video_id, played_ms, month, user_id, started_at,
				                                 revision, qualifying)
				SELECT session_id, CAST(started_at AT TIME ZONE 'UTC' AS DATE), video_id, played_ms,
				       DATE '2026-03-01', user_id, started_at, revision, played_ms >= 30000
				FROM session_usage WHERE video_id = 'big-ev'
				""");
		jdbc.execute("ANALYZE");
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(
					"http://127.0.0.1:" + port + "/v1/license-holders/big/statements/2026-03/evidence?videoId=big-ev"))
			.header("Authorization", "Bearer " + OPERATOR)
			.header("Accept", "text/csv")
			.build();
		// what survives young collections: a line held in memory would pile up here
		MemoryPoolMXBean oldGeneration = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getName().contains("Old Gen") || pool.getName().contains("Tenured"))
			.findFirst()
			.orElseThrow();
		for (int run = 1; run <= 3; run++) {
			System.gc();
			long before = oldGeneration.getUsage().getUsed();
			AtomicLong peak = new AtomicLong(before);
			ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
			sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(oldGeneration.getUsage().getUsed(), Math::max), 0,
					20, TimeUnit.MILLISECONDS);
			long began = System.nanoTime();
			long rows;
			try (BufferedReader body = new BufferedReader(new InputStreamReader(
					http.send(request, HttpResponse.BodyHandlers.ofInputStream()).body(), StandardCharsets.UTF_8))) {
				rows = body.lines().count() - 1;
			}
			double seconds = (System.nanoTime() - began) / 1e9;
			sampler.shutdownNow();
			if (rows != EVIDENCE_SESSIONS) {
				throw new IllegalStateException("evidence answered " + rows + " rows, not " + EVIDENCE_SESSIONS);
			}
			System.out.printf(Locale.ROOT,
					"| evidence of a line of %,d sessions, CSV over HTTP, run %d | %,.0f rows/s (%.2f s); old generation "
							+ "%d MB before, at most %d MB while streaming |%n",
					rows, run, rows / seconds, seconds, before >> 20, peak.get() >> 20);
		}
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
		// each session's start-day row, as the service writes it: qualifying views are
		// counted from these
		jdbc.update("""
				INSERT INTO session_daily_usage (session_id, day, video_id, played_ms, month, user_id, started_at,
				                                 revision, qualifying)
				SELECT session_id, CAST(started_at AT TIME ZONE 'UTC' AS DATE), video_id, played_ms,
				       DATE '2026-03-01', user_id, started_at, revision, TRUE
				FROM session_usage WHERE session_id LIKE 'big-s-%'
				""");
		jdbc.execute("ANALYZE");
		return SessionConsumerBench.latencies(port, "/v1/license-holders/big/statements/2026-03", OPERATOR,
				"\"lines\"");
	}

}
