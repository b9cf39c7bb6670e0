package dev.playback.ingest.heartbeat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.playback.infra.LocalInfrastructure;
import dev.playback.schemas.Heartbeat;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.ResponseEntity;

import static dev.playback.ingest.heartbeat.HeartbeatApiIT.event;
import static dev.playback.ingest.heartbeat.HeartbeatApiIT.readHeartbeats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real broker goes away and comes back: ingest answers 503 with Retry-After in
 * bounded time (never a 500, never a hang), then 202 again, and what got 202 is on the
 * topic.
 */
class BrokerOutageIT {

	static final LocalInfrastructure infra = LocalInfrastructure.shared();

	static RunningIngest ingest;

	@BeforeAll
	static void start() {
		ingest = RunningIngest.start(infra, "--playback.ingest.publish-timeout=2s");
	}

	@AfterAll
	static void stop() {
		ingest.close();
		infra.kafka().start();
	}

	@Test
	void answers503WhileTheBrokerIsDownAndRecoversWhenItIsBack() {
		String user = "outage-" + UUID.randomUUID();
		assertThat(ingest.post(event("pb-before", 0, user, "START", 0)).getStatusCode().value()).isEqualTo(202);

		infra.kafka().stop();
		try {
			long started = System.nanoTime();
			ResponseEntity<String> during = ingest.post(event("pb-during", 0, user, "START", 0));
			long tookMillis = (System.nanoTime() - started) / 1_000_000;
			assertThat(during.getStatusCode().value()).isEqualTo(503);
			assertThat(during.getHeaders().getFirst("Retry-After")).isEqualTo("1");
			assertThat(during.getHeaders().getContentType()).hasToString("application/problem+json");
			assertThat(tookMillis).as("answered within the publish timeout, not hung").isLessThan(10_000);
		}
		finally {
			infra.kafka().start();
		}

		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> ingest.post(event("pb-after", 0, user, "START", 0)).getStatusCode().value() == 202);
		assertThat(readHeartbeats(user, 2)).extracting((record) -> record.value().getPlaybackId())
			.contains("pb-before", "pb-after");
	}

	/**
	 * Players keep sending through an outage and retry a 503 with the same event, as the
	 * contract tells them to. Every event that got a 202 is on the topic, and after the
	 * contract's de-duplication by playbackId and seq each counts exactly once: the
	 * outage neither loses an accepted event nor adds one that was never sent.
	 */
	@Test
	void underLoadEveryAcceptedEventCountsExactlyOnce() throws Exception {
		int players = 6;
		String run = UUID.randomUUID().toString().substring(0, 8);
		AtomicBoolean stopping = new AtomicBoolean();
		AtomicLong brokerBackAt = new AtomicLong(Long.MAX_VALUE);
		List<Player> all = new ArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(players);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int i = 0; i < players; i++) {
				Player player = new Player("load-" + run + "-" + i, brokerBackAt);
				all.add(player);
				running.add(pool.submit(() -> player.play(stopping)));
			}
			// under load first: every player has events accepted before the broker goes
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> all.stream().allMatch((player) -> player.acceptedCount() >= 5));
			infra.kafka().stop();
			try {
				Thread.sleep(6_000);
			}
			finally {
				infra.kafka().start();
				brokerBackAt.set(System.nanoTime());
			}
			// every player has had events accepted again since the broker came back
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> all.stream().allMatch((player) -> player.acceptedAfterOutage.get() >= 5));
			stopping.set(true);
			for (Future<?> player : running) {
				player.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			stopping.set(true);
			pool.shutdownNow();
		}

		Set<String> users = new HashSet<>();
		Map<String, String> accepted = new HashMap<>();
		int unavailable = 0;
		for (Player player : all) {
			users.add(player.userId);
			accepted.putAll(player.accepted);
			unavailable += player.unavailable;
			assertThat(player.otherAnswers).as("answers other than 202 and 503").isEmpty();
			assertThat(player.slowestMillis).as("slowest answer (publish timeout 2 s)").isLessThan(10_000);
		}
		assertThat(unavailable).as("503s during the outage").isPositive();

		List<ConsumerRecord<String, Heartbeat>> onTopic = readHeartbeats(users, accepted.size());
		Map<String, String> distinct = new HashMap<>();
		for (ConsumerRecord<String, Heartbeat> record : onTopic) {
			Heartbeat event = record.value();
			String id = event.getPlaybackId() + "/" + event.getSeq();
			String before = distinct.putIfAbsent(id, event.getEventId());
			assertThat(before).as("a retried event is the same event").isIn(null, event.getEventId());
		}
		assertThat(distinct)
			.as("events on the topic after de-duplication, against those that got 202 (" + onTopic.size()
					+ " records on the topic, " + unavailable + " 503s)")
			.isEqualTo(accepted);
	}

	/**
	 * One viewer's player: events in seq order, each sent until it gets a 202, waiting
	 * Retry-After after a 503.
	 */
	private static final class Player {

		final String userId;

		final String playbackId;

		final AtomicLong brokerBackAt;

		final Map<String, String> accepted = new ConcurrentHashMap<>();

		final List<Integer> otherAnswers = new ArrayList<>();

		final AtomicInteger acceptedAfterOutage = new AtomicInteger();

		int unavailable;

		long slowestMillis;

		Player(String userId, AtomicLong brokerBackAt) {
			this.userId = userId;
			this.playbackId = userId + "-pb";
			this.brokerBackAt = brokerBackAt;
		}

		/** Events accepted so far (read while the player plays). */
		int acceptedCount() {
			return this.accepted.size();
		}

		void play(AtomicBoolean stopping) {
			for (int seq = 0; !stopping.get(); seq++) {
				String body = event(this.playbackId, seq, this.userId, (seq == 0) ? "START" : "HEARTBEAT",
						seq * 5_000L);
				String eventId = body.substring(body.indexOf("\"eventId\":\"") + 11, body.indexOf("\",\"playbackId"));
				while (true) {
					long sentAt = System.nanoTime();
					ResponseEntity<String> answer = ingest.post(body);
					this.slowestMillis = Math.max(this.slowestMillis, (System.nanoTime() - sentAt) / 1_000_000);
					int status = answer.getStatusCode().value();
					if (status == 202) {
						this.accepted.put(this.playbackId + "/" + seq, eventId);
						if (sentAt > this.brokerBackAt.get()) {
							this.acceptedAfterOutage.incrementAndGet();
						}
						break;
					}
					if (status != 503) {
						this.otherAnswers.add(status);
						return;
					}
					this.unavailable++;
					sleep(Long.parseLong(answer.getHeaders().getFirst("Retry-After")) * 1_000);
				}
				sleep(20);
			}
		}

		private static void sleep(long millis) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

}
