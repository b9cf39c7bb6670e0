package dev.playback.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import dev.playback.admetrics.AdMetricsServiceApplication;
import dev.playback.admetrics.sessions.ViewerSketch;
import dev.playback.infra.FreePorts;
import dev.playback.infra.LocalInfrastructure;
import dev.playback.localstack.LocalStack;
import dev.playback.schemas.AdPlayback;
import dev.playback.schemas.DeviceType;
import dev.playback.schemas.ViewingSession;
import tools.jackson.databind.json.JsonMapper;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code java -jar benchmarks-exec.jar admetrics [revisions] [repeats]}:
 * ad-metrics-service applying session revisions (two ad playbacks each) from the sessions
 * topic to the local PostgreSQL, beside a plain batched insert into the same database in
 * the same run; then the latency of an hourly report over 90 days for a campaign of 500
 * ads that all played in every hour.
 */
public final class AdMetricsBenchmark {

	private static final String OPERATOR = "bench-operator-key";

	private static final int ADS = 500;

	private static final int HOURS = 90 * 24;

	private static final String[] COUNTRIES = { "DE", "FR", "US", "GB", "ES" };

	private AdMetricsBenchmark() {
	}

	static void run(int revisions, int repeats) throws Exception {
		Path work = Files.createTempDirectory("playback-bench-admetrics-");
		try (LocalInfrastructure infra = LocalInfrastructure.start(work)) {
			SessionConsumerBench.createTopic(infra);
			int port = FreePorts.next();
			try (ConfigurableApplicationContext app = AdMetricsServiceApplication.application()
				.run(infra.serviceArguments("playback.admetrics", "admetrics_bench", "--server.port=" + port,
						"--spring.main.banner-mode=off", "--logging.level.org.apache.kafka=WARN",
						LocalStack.SERVICE_ONLY, "--logging.level.org.springframework.kafka=WARN",
						"--spring.kafka.consumer.group-id=bench-admetrics",
						"--playback.admetrics.operator-key=" + OPERATOR,
						"--spring.kafka.listener.concurrency=" + System.getProperty("bench.threads", "2")))) {
				JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
				// the sessions' ads are in a campaign, so both rollups are written, as in
				// production
				jdbc.update("INSERT INTO advertisers (advertiser_id, name, updated_at) VALUES ('bench', 'B', now())");
				jdbc.update("INSERT INTO campaigns VALUES ('bench-c', 'bench', 'Bench', now())");
				jdbc.update(
						"INSERT INTO ads SELECT 'ad-' || g, 'bench-c', 15000, now() FROM generate_series(0, ?) AS g",
						ADS - 1);
				Timestamp now = Timestamp.from(Instant.now());
				List<SessionConsumerBench.Pass> passes = SessionConsumerBench.passes(infra, app, "admetrics-sessions",
						repeats, (pass) -> sessions(pass, revisions), "session_ads",
						"session_id, revision, user_id, video_id, country, device_type, ad_playbacks, updated_at",
						(i) -> new Object[] { "plain-" + i, 1L, "user-" + i, "video-" + i, "DE", "WEB", 2, now });
				String applied = SessionConsumerBench.revisionsOfSessions(revisions) + ", 2 ad playbacks each";
				if (SessionConsumerBench.applyOnly()) {
					SessionConsumerBench.printFigures(applied, passes, "", List.of());
					return;
				}
				long rollupRows = bigCampaign(jdbc);
				List<Double> latencies = SessionConsumerBench.latencies(port,
						"/v1/advertisers/big/reports/impressions?from=2026-01-01&to=2026-03-31&granularity=hour&groupBy=campaign",
						OPERATOR, "2026-03-31T23:00:00Z");
				SessionConsumerBench.printFigures(applied, passes, "report: a campaign of " + ADS + " ads ("
						+ rollupRows + " ad rollup rows), 90 days by hour, by campaign", latencies);
				String key = JsonMapper.builder()
					.build()
					.readTree(HttpClient.newHttpClient()
						.send(HttpRequest
							.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/admin/advertisers/big/api-keys"))
							.header("Authorization", "Bearer " + OPERATOR)
							.POST(HttpRequest.BodyPublishers.noBody())
							.build(), HttpResponse.BodyHandlers.ofString())
						.body())
					.get("apiKey")
					.asString();
				List<Double> page = PortalPageBench.latencies("http://127.0.0.1:" + port, key,
						"/campaigns?campaign=big-c&from=2026-01-01&to=2026-03-31&granularity=hour", "Big campaign", 5,
						40);
				System.out.printf(Locale.ROOT,
						"portal: the advertiser's page of that campaign, 90 days by hour (timeline, funnel, reach, "
								+ "country and device breakdowns; 5 API calls): %d pages, p50 %.0f ms, p95 %.0f ms, "
								+ "p99 %.0f ms, max %.0f ms%n",
						page.size(), Figures.percentile(page, 0.50), Figures.percentile(page, 0.95),
						Figures.percentile(page, 0.99), page.get(page.size() - 1));
			}
		}
	}

	/**
	 * A pre-roll in every session; from the first revision past half of the session's
	 * (the second of two, see {@link SessionConsumerBench#revisionsPerSession()}) on, a
	 * mid-roll that makes an impression, so the rollup's counters and sketches change by
	 * difference too; the revisions between change no ad, as most real ones. Each pass's
	 * ads play on a day of their own.
	 */
	private static List<ViewingSession> sessions(int pass, int revisions) {
		Instant day = Instant.parse("2026-06-01T00:00:00Z").plus(pass, ChronoUnit.DAYS);
		int perSession = SessionConsumerBench.revisionsPerSession();
		List<ViewingSession> sessions = new ArrayList<>(revisions);
		for (int revision = 1; revision <= perSession; revision++) {
			for (int i = 0; i < revisions / perSession; i++) {
				Instant start = day.plusSeconds((i * 7L) % 86_400);
				List<AdPlayback> ads = new ArrayList<>();
				// measured by a web player, in view two times in three, with its serving
				// id
				ads.add(new AdPlayback("pre-" + i, "ad-" + (i % ADS), 15_000L, start, 15_000L, 15_000L, 15_000L, true,
						false, i % 50 == 0, true, i % 3 != 0, "srv-pre-" + i));
				if (revision > perSession / 2) {
					ads.add(new AdPlayback("mid-" + i, "ad-" + ((i * 31) % ADS), 30_000L, start.plusSeconds(600),
							12_000L, 12_000L, 12_000L, false, true, false, true, i % 3 == 0, "srv-mid-" + i));
				}
				sessions.add(ViewingSession.newBuilder()
					.setSessionId("bench-" + pass + "-" + i)
					.setPlaybackId("bench-" + pass + "-" + i)
					.setRevision(revision)
					.setUserId("user-" + (i % 20_000))
					.setVideoId("video-" + (i % 1_000))
					.setCountry(COUNTRIES[i % COUNTRIES.length])
					.setDeviceType(DeviceType.values()[i % DeviceType.values().length])
					.setStartedAt(start)
					.setLastEventAt(start.plusSeconds(900))
					.setLastPositionMs(900_000L)
					.setSegments(List.of())
					.setUniqueWatchedMs(0)
					.setPlayedMs(0)
					.setPlayedMsByDay(List.of())
					.setAds(ads)
					.setEventCount(10L * revision)
					.setClosed(revision == perSession)
					.build());
			}
		}
		return sessions;
	}

	/**
	 * Advertiser {@code big}: one campaign of {@value #ADS} ads, each with a rollup row
	 * in every hour of January to March 2026 (2,160 hours), each row with a sketch of 5
	 * of 200,000 viewers.
	 */
	private static long bigCampaign(JdbcTemplate jdbc) {
		jdbc.update("INSERT INTO advertisers (advertiser_id, name, updated_at) VALUES ('big', 'Big', now())");
		jdbc.update("INSERT INTO campaigns VALUES ('big-c', 'big', 'Big campaign', now())");
		jdbc.update("INSERT INTO ads SELECT 'big-ad-' || g, 'big-c', 15000, now() FROM generate_series(0, ?) AS g",
				ADS - 1);
		jdbc.execute("CREATE TABLE bench_sketches (i INTEGER PRIMARY KEY, viewers BYTEA NOT NULL)");
		Random random = new Random(1);
		List<byte[]> pool = new ArrayList<>();
		List<Object[]> sketches = new ArrayList<>();
		for (int i = 0; i < 1_000; i++) {
			List<String> viewers = new ArrayList<>();
			for (int v = 0; v < 5; v++) {
				viewers.add("viewer-" + random.nextInt(200_000));
			}
			pool.add(ViewerSketch.of(viewers));
			sketches.add(new Object[] { i, pool.get(i) });
		}
		jdbc.batchUpdate("INSERT INTO bench_sketches VALUES (?, ?)", sketches);
		jdbc.update(
				"""
						INSERT INTO ad_hourly
						SELECT 'big-ad-' || (g % ?), TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00' + (g / ?) * INTERVAL '1 hour',
						       'DE', 'WEB', 10, 6, 6, 5, 4, 3, 1, 1, 90000, s.viewers
						FROM generate_series(0, ? - 1) AS g JOIN bench_sketches s ON s.i = g % 1000
						""",
				ADS, ADS, ADS * HOURS);
		// the campaign rollup holds what the writers put there: per hour, the sum of its
		// ads' rows
		List<Object[]> campaignHours = new ArrayList<>();
		Instant first = Instant.parse("2026-01-01T00:00:00Z");
		for (int hour = 0; hour < HOURS; hour++) {
			Union union = ViewerSketch.union();
			for (int ad = 0; ad < ADS; ad++) {
				ViewerSketch.merge(union, pool.get((hour * ADS + ad) % 1_000));
			}
			campaignHours.add(new Object[] { Timestamp.from(first.plusSeconds(3_600L * hour)),
					union.getResult(TgtHllType.HLL_8).toCompactByteArray() });
		}
		jdbc.batchUpdate("""
				INSERT INTO campaign_hourly VALUES ('big-c', ?, 'DE', 'WEB', 5000, 3000, 3000, 2500, 2000, 1500, 500,
				                                    500, 45000000, ?)
				""", campaignHours);
		jdbc.execute("ANALYZE");
		return (long) ADS * HOURS;
	}

}
