package dev.playback.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The freshness of the progress API under load: new viewers' START events through
 * ingest-api while others keep sending about 1,000 heartbeats/s, each timed from its
 * {@code 202} until the aggregator's progress API shows it.
 */
final class ProgressFreshness {

	private ProgressFreshness() {
	}

	/**
	 * Times {@code probes} new viewers, one every 50 ms.
	 * @param ingestUrl ingest-api's base URL
	 * @param aggregatorUrl the session aggregator's base URL
	 * @param probes how many viewers to time
	 * @return milliseconds from each 202 to the progress showing it, in probe order
	 */
	static List<Double> measure(String ingestUrl, String aggregatorUrl, int probes)
			throws IOException, InterruptedException {
		HttpClient http = HttpClient.newHttpClient();
		AtomicBoolean loading = new AtomicBoolean(true);
		Thread load = new Thread(() -> backgroundLoad(http, ingestUrl, loading), "bench-load");
		load.setDaemon(true);
		load.start();
		List<Double> latencies = new ArrayList<>();
		try {
			for (int probe = 0; probe < probes; probe++) {
				latencies.add(probe(http, ingestUrl, aggregatorUrl, probe));
				Thread.sleep(50);
			}
		}
		finally {
			loading.set(false);
			load.join();
		}
		return latencies;
	}

	/** About 1,000 heartbeats/s of other viewers, in requests of 10. */
	private static void backgroundLoad(HttpClient http, String ingestUrl, AtomicBoolean loading) {
		long seq = 0;
		while (loading.get()) {
			StringBuilder body = new StringBuilder("[");
			for (int i = 0; i < 10; i++) {
				body.append((i > 0) ? "," : "")
					.append(event("load-" + i, "load-user-" + i, seq, (seq == 0) ? "START" : "HEARTBEAT", seq * 5_000));
			}
			post(http, ingestUrl, body.append(']').toString());
			seq++;
			sleep(10);
		}
	}

	private static double probe(HttpClient http, String ingestUrl, String aggregatorUrl, int probe)
			throws IOException, InterruptedException {
		String user = "fresh-" + UUID.randomUUID();
		long position = 1_000 + probe;
		post(http, ingestUrl, event("pb-" + user, user, 0, "START", position));
		long accepted = System.nanoTime();
		HttpRequest read = HttpRequest
			.newBuilder(URI.create(aggregatorUrl + "/v1/users/" + user + "/videos/video-1/progress"))
			.build();
		while (System.nanoTime() - accepted < Duration.ofSeconds(30).toNanos()) {
			HttpResponse<String> answer = http.send(read, HttpResponse.BodyHandlers.ofString());
			if (answer.statusCode() == 200 && answer.body().contains("\"lastPositionMs\":" + position)) {
				return (System.nanoTime() - accepted) / 1e6;
			}
			Thread.sleep(2);
		}
		throw new IllegalStateException("Progress of " + user + " not visible after 30 s");
	}

	private static String event(String playbackId, String user, long seq, String type, long position) {
		return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"playbackId\":\"" + playbackId + "\",\"seq\":" + seq
				+ ",\"userId\":\"" + user + "\",\"videoId\":\"video-1\",\"type\":\"" + type + "\",\"positionMs\":"
				+ position + ",\"eventTime\":\"" + Instant.now() + "\"}";
	}

	private static void post(HttpClient http, String ingestUrl, String body) {
		try {
			HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(ingestUrl + "/v1/heartbeats"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (answer.statusCode() != 202) {
				throw new IllegalStateException("ingest answered " + answer.statusCode() + ": " + answer.body());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
