package dev.playback.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handful of viewers in real time so that the local stack has something to show: each
 * sits through a 6 s pre-roll ad, watches with a heartbeat every 5 s, and after a few
 * minutes stops and starts another video. The player simulator replaces this with
 * realistic traffic and ground truth.
 */
final class DemoTraffic implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(DemoTraffic.class);

	private static final int VIEWERS = 6;

	private static final long AD_MS = 6_000;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final URI endpoint;

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "demo-traffic");
		thread.setDaemon(true);
		return thread;
	});

	private final List<Viewer> viewers = new ArrayList<>();

	private final Random random = new Random(42);

	private DemoTraffic(String ingestUrl) {
		this.endpoint = URI.create(ingestUrl + "/v1/heartbeats");
		for (int i = 1; i <= VIEWERS; i++) {
			this.viewers.add(new Viewer("demo-user-" + i));
		}
	}

	static DemoTraffic start(String ingestUrl) {
		DemoTraffic traffic = new DemoTraffic(ingestUrl);
		traffic.ticker.scheduleAtFixedRate(traffic::tick, 1, 1, TimeUnit.SECONDS);
		return traffic;
	}

	private void tick() {
		try {
			for (Viewer viewer : this.viewers) {
				String event = viewer.next(Instant.now());
				if (event != null) {
					post(event);
				}
			}
		}
		catch (RuntimeException ex) {
			log.warn("Demo traffic: {}", ex.getMessage());
		}
	}

	private void post(String json) {
		HttpRequest request = HttpRequest.newBuilder(this.endpoint)
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build();
		this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept((response) -> {
			if (response.statusCode() != 202) {
				log.warn("Demo traffic got {}: {}", response.statusCode(), response.body());
			}
		});
	}

	@Override
	public void close() {
		this.ticker.shutdownNow();
	}

	/**
	 * One viewer's player: pre-roll ad, then content with 5 s heartbeats, then the next
	 * video.
	 */
	private final class Viewer {

		private final String userId;

		private String playbackId;

		private String adPlaybackId;

		private String videoId;

		private long seq;

		private long secondsIn;

		private long watchSeconds;

		Viewer(String userId) {
			this.userId = userId;
			newPlayback();
		}

		private void newPlayback() {
			this.playbackId = "demo-" + UUID.randomUUID();
			this.adPlaybackId = "ad-" + UUID.randomUUID();
			this.videoId = "video-" + (1 + DemoTraffic.this.random.nextInt(5));
			this.seq = 0;
			this.secondsIn = -DemoTraffic.this.random.nextInt(5);
			this.watchSeconds = 120 + DemoTraffic.this.random.nextInt(180);
		}

		String next(Instant now) {
			long second = this.secondsIn++;
			long adSeconds = AD_MS / 1000;
			if (second < 0) {
				return null;
			}
			if (second == 0) {
				return ad("AD_START", now, 0);
			}
			if (second < adSeconds) {
				return ad("AD_HEARTBEAT", now, second * 1000);
			}
			if (second == adSeconds) {
				return ad("AD_COMPLETE", now, AD_MS);
			}
			long contentSeconds = second - adSeconds - 1;
			if (contentSeconds == 0) {
				return content("START", now, 0);
			}
			if (contentSeconds >= this.watchSeconds) {
				String stop = content("STOP", now, contentSeconds * 1000);
				newPlayback();
				return stop;
			}
			return (contentSeconds % 5 == 0) ? content("HEARTBEAT", now, contentSeconds * 1000) : null;
		}

		private String ad(String type, Instant now, long adPositionMs) {
			return event(type, now, 0, String.format(
					",\"ad\":{\"adPlaybackId\":\"%s\",\"adId\":\"demo-ad-1\",\"positionMs\":%d,\"durationMs\":%d}",
					this.adPlaybackId, adPositionMs, AD_MS));
		}

		private String content(String type, Instant now, long positionMs) {
			return event(type, now, positionMs, "");
		}

		private String event(String type, Instant now, long positionMs, String extra) {
			return String.format(
					"{\"eventId\":\"%s\",\"playbackId\":\"%s\",\"seq\":%d,\"userId\":\"%s\","
							+ "\"videoId\":\"%s\",\"type\":\"%s\",\"positionMs\":%d,\"videoDurationMs\":1800000,"
							+ "\"eventTime\":\"%s\",\"country\":\"DE\",\"deviceType\":\"WEB\"%s}",
					UUID.randomUUID(), this.playbackId, this.seq++, this.userId, this.videoId, type, positionMs, now,
					extra);
		}

	}

}
