package dev.playback.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.playback.schemas.Heartbeat;

/**
 * Sends requests to ingest-api in the order they leave the players, from a few
 * connections at once: paced by the clock (real time: a request goes when its send time
 * comes) or by a target rate (virtual time: as fast as the rate allows). A request is
 * retried until it is answered 202 (503 and network errors are the server's to recover
 * from; a duplicate is harmless), so every event that leaves a player is counted; a 4xx
 * is the simulator's fault and is reported.
 */
final class Sender {

	private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(5);

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.executor(Executors.newFixedThreadPool(2, (runnable) -> daemon(runnable, "simulator-http")))
		.build();

	private final URI endpoint;

	private final int connections;

	private final Collection<Heartbeat> accepted = new ConcurrentLinkedQueue<>();

	private final List<String> rejected = Collections.synchronizedList(new ArrayList<>());

	private final AtomicLong acceptedEvents = new AtomicLong();

	private final AtomicLong retries = new AtomicLong();

	private final Latencies latencies = new Latencies();

	private volatile boolean stopped;

	/**
	 * How requests are paced.
	 *
	 * @param realTime send each request when its send time comes (virtual start = now)
	 * @param eventsPerSecond in virtual time, at most this many events/s (0: no limit)
	 */
	record Pace(boolean realTime, double eventsPerSecond) {

		static Pace byClock() {
			return new Pace(true, 0);
		}

		static Pace atRate(double eventsPerSecond) {
			return new Pace(false, eventsPerSecond);
		}

	}

	Sender(String ingestUrl, int connections) {
		this.endpoint = URI.create(ingestUrl + "/v1/heartbeats");
		this.connections = connections;
	}

	/** Sends every request, in order; returns once all are answered or stopped. */
	void send(List<Delivery.Request> requests, long virtualStartMs, Pace pace) throws InterruptedException {
		long[] eventsBefore = new long[requests.size()];
		long events = 0;
		for (int i = 0; i < requests.size(); i++) {
			eventsBefore[i] = events;
			events += requests.get(i).events().size();
		}
		long startedNanos = System.nanoTime();
		long realStartMs = System.currentTimeMillis();
		AtomicInteger next = new AtomicInteger();
		CountDownLatch done = new CountDownLatch(this.connections);
		for (int c = 0; c < this.connections; c++) {
			daemon(() -> {
				try {
					int index;
					while (!this.stopped && (index = next.getAndIncrement()) < requests.size()) {
						Delivery.Request request = requests.get(index);
						if (pace.realTime()) {
							sleepUntilMillis(realStartMs + (request.sendAtMs() - virtualStartMs));
						}
						else if (pace.eventsPerSecond() > 0) {
							sleepUntilNanos(startedNanos + (long) (eventsBefore[index] * 1e9 / pace.eventsPerSecond()));
						}
						if (!this.stopped) {
							post(request);
						}
					}
				}
				finally {
					done.countDown();
				}
			}, "simulator-sender-" + c).start();
		}
		done.await();
	}

	private void post(Delivery.Request request) {
		String body = Json.events(request.events());
		long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
		long backoffMillis = 200;
		while (!this.stopped) {
			long started = System.nanoTime();
			try {
				HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(this.endpoint)
					.timeout(Duration.ofSeconds(30))
					.header("Content-Type", "application/json")
					.header("User-Agent", request.client().userAgent())
					.header("X-Forwarded-For", request.client().forwardedFor())
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 202) {
					this.latencies.record(System.nanoTime() - started);
					this.accepted.addAll(request.events());
					this.acceptedEvents.addAndGet(request.events().size());
					return;
				}
				if (response.statusCode() >= 400 && response.statusCode() < 500) {
					this.rejected.add(response.statusCode() + " " + response.body());
					return;
				}
				backoffMillis = retryAfter(response).orElse(backoffMillis);
			}
			catch (IOException ex) {
				// not answered: the events may or may not be in; sending again is safe
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (System.nanoTime() > deadline) {
				this.rejected.add("no 202 within " + GIVE_UP_AFTER + " for " + request.events().size() + " events");
				return;
			}
			this.retries.incrementAndGet();
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoffMillis));
			backoffMillis = Math.min(5_000, backoffMillis * 2);
		}
	}

	private static Optional<Long> retryAfter(HttpResponse<?> response) {
		return response.headers()
			.firstValue("Retry-After")
			.flatMap((value) -> value.chars().allMatch(Character::isDigit) ? Optional.of(Long.parseLong(value) * 1000)
					: Optional.empty());
	}

	void stop() {
		this.stopped = true;
	}

	/** Every event answered 202 (a duplicate sent twice appears twice). */
	List<Heartbeat> accepted() {
		return List.copyOf(this.accepted);
	}

	long acceptedEvents() {
		return this.acceptedEvents.get();
	}

	/** Answers that were not 202 and requests given up on: each a fault to report. */
	List<String> rejected() {
		return List.copyOf(this.rejected);
	}

	long retries() {
		return this.retries.get();
	}

	Latencies latencies() {
		return this.latencies;
	}

	private void sleepUntilMillis(long wallMillis) {
		long wait;
		while (!this.stopped && (wait = wallMillis - System.currentTimeMillis()) > 0) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.min(wait, 1_000)));
		}
	}

	private void sleepUntilNanos(long nanos) {
		long wait;
		while (!this.stopped && (wait = nanos - System.nanoTime()) > 0) {
			LockSupport.parkNanos(wait);
		}
	}

	private static Thread daemon(Runnable runnable, String name) {
		Thread thread = new Thread(runnable, name);
		thread.setDaemon(true);
		return thread;
	}

}
