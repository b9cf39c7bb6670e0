package dev.playback.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The end-to-end benchmark's freshness probes: a fresh viewer's events, timed from the
 * ingest's {@code 202} until the progress API, the license holder's usage or the
 * advertiser's report shows them.
 */
final class FreshnessProbes {

	private static final Pattern PLAYED = Pattern.compile("\"playedMs\":(\\d+)");

	private static final Pattern STARTS = Pattern.compile("\"starts\":(\\d+)");

	private static final String PROBE = "probe";

	private static final String PLAYER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/131.0.0.0 Safari/537.36";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Map<String, String> urls;

	private final String operatorKey;

	private final EndToEndBenchmark.Clock clock;

	private final List<Probe> probes = new CopyOnWriteArrayList<>();

	private int probeCount;

	/**
	 * One fresh viewer's way through the suite.
	 *
	 * @param seconds when it was sent, since the first step began
	 * @param step the step's index
	 * @param kind progress, usage or report
	 * @param millis from the 202 to the answer showing it
	 */
	record Probe(double seconds, int step, String kind, double millis) {
	}

	FreshnessProbes(Map<String, String> urls, String operatorKey, EndToEndBenchmark.Clock clock) {
		this.urls = urls;
		this.operatorKey = operatorKey;
		this.clock = clock;
	}

	/** What the probes measured so far, in the order they finished. */
	List<Probe> probes() {
		return this.probes;
	}

	/**
	 * Probes one after another until interrupted: a new viewer's START and HEARTBEAT,
	 * timed from the 202 until the progress API shows the position, then one's 5 s of a
	 * probe video until the holder's usage shows them, then one's ad playback until the
	 * advertiser's report counts it.
	 */
	void probeUntilInterrupted(int step) {
		try {
			while (!Thread.currentThread().isInterrupted()) {
				probe(step, "progress");
				probe(step, "usage");
				probe(step, "report");
				Thread.sleep(500);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			System.err.println("probe failed: " + ex);
		}
	}

	private void probe(int step, String kind) throws IOException, InterruptedException {
		int n = ++this.probeCount;
		String user = PROBE + "-user-" + n;
		String playback = PROBE + "-pb-" + n;
		Instant now = Instant.now();
		LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
		String holder = "b0-studio-1";
		String video = "b0-video-01";
		String usageUrl = this.urls.get("royalty-service") + "/v1/license-holders/" + holder + "/usage?from=" + today
				+ "&to=" + today;
		String reportUrl = this.urls.get("ad-metrics-service") + "/v1/advertisers/b0-brand-1/reports/impressions?from="
				+ today + "&to=" + today + "&groupBy=ad";
		long before = switch (kind) {
			case "usage" -> sum(PLAYED, get(usageUrl));
			case "report" -> sum(STARTS, get(reportUrl));
			default -> 0;
		};
		List<String> events = new ArrayList<>();
		events.add(event(playback, 0, user, video, "START", 0, now.minusSeconds(5), null));
		if (kind.equals("report")) {
			String ad = "\"adPlaybackId\":\"" + playback + "-ad\",\"adId\":\"b0-ad-1\",\"durationMs\":6000";
			events.add(event(playback, 1, user, video, "AD_START", 0, now.minusMillis(4_000),
					"{" + ad + ",\"positionMs\":0}"));
			events.add(event(playback, 2, user, video, "AD_HEARTBEAT", 0, now.minusMillis(3_000),
					"{" + ad + ",\"positionMs\":1000}"));
		}
		else {
			events.add(event(playback, 1, user, video, "HEARTBEAT", 5_000, now, null));
		}
		HttpResponse<String> accepted = this.http
			.send(HttpRequest.newBuilder(URI.create(this.urls.get("ingest-api") + "/v1/heartbeats"))
				.header("Content-Type", "application/json")
				// a player's agent: Java's own is a non-browser agent, whose sessions
				// reports leave out
				.header("User-Agent", PLAYER_AGENT)
				.POST(HttpRequest.BodyPublishers.ofString("[" + String.join(",", events) + "]"))
				.build(), HttpResponse.BodyHandlers.ofString());
		long sent = System.nanoTime();
		if (accepted.statusCode() != 202) {
			return;
		}
		long deadline = sent + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			boolean seen = switch (kind) {
				case "usage" -> sum(PLAYED, get(usageUrl)) >= before + 5_000;
				case "report" -> sum(STARTS, get(reportUrl)) > before;
				default ->
					get(this.urls.get("session-aggregator") + "/v1/users/" + user + "/videos/" + video + "/progress")
						.contains("\"lastPositionMs\":5000");
			};
			if (seen) {
				this.probes.add(new Probe(this.clock.since(sent), step, kind, (System.nanoTime() - sent) / 1e6));
				return;
			}
			Thread.sleep(kind.equals("progress") ? 2 : 20);
		}
		this.probes.add(new Probe(this.clock.since(sent), step, kind, 60_000));
	}

	private static String event(String playback, int seq, String user, String video, String type, long position,
			Instant at, String ad) {
		return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"playbackId\":\"" + playback + "\",\"seq\":" + seq
				+ ",\"userId\":\"" + user + "\",\"videoId\":\"" + video + "\",\"type\":\"" + type + "\",\"positionMs\":"
				+ position + ",\"eventTime\":\"" + at + "\"" + ((ad != null) ? ",\"ad\":" + ad : "") + "}";
	}

	private String get(String url) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + this.operatorKey).build(),
				HttpResponse.BodyHandlers.ofString());
		return (response.statusCode() == 200) ? response.body() : "";
	}

	private static long sum(Pattern pattern, String body) {
		long sum = 0;
		Matcher matcher = pattern.matcher(body);
		while (matcher.find()) {
			sum += Long.parseLong(matcher.group(1));
		}
		return sum;
	}

}
