package dev.playback.ingest.heartbeat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.playback.infra.KafkaCluster;
import dev.playback.infra.LocalInfrastructure;
import dev.playback.schemas.AvroSerdes;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.Topics;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ingest on a three-broker cluster as production runs it (replication factor 3,
 * {@code min.insync.replicas} 2), under steady load from several players: the broker
 * leading most heartbeat partitions is killed (SIGKILL) and comes back; then two brokers
 * are down at once, so no write can be acknowledged. Every event answered 202 is on the
 * topic exactly once; while writes cannot be acknowledged every answer is 503 with
 * Retry-After within the publish bound, never a 500; once brokers return, 202 again.
 */
class BrokerFailoverIT {

	private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(5);

	private static final int PLAYERS = 6;

	static LocalInfrastructure infra;

	static KafkaCluster cluster;

	static RunningIngest ingest;

	@BeforeAll
	static void start() {
		infra = LocalInfrastructure.start(KafkaCluster.REPLICATION_FACTOR);
		cluster = infra.kafkaCluster();
		ingest = RunningIngest.start(infra, "--playback.ingest.publish-timeout=" + PUBLISH_TIMEOUT.toSeconds() + "s");
	}

	@AfterAll
	static void stop() {
		if (ingest != null) {
			ingest.close();
		}
		if (infra != null) {
			infra.close();
		}
	}

	@Test
	void whatWasAnswered202SurvivesLeadersKilledAndTwoBrokersDownAnswer503() throws Exception {
		try (Players players = new Players(PLAYERS)) {
			players.awaitAnswers(200, Duration.ofSeconds(60));

			// the leader of most heartbeat partitions dies mid-write
			Map<Integer, Long> led = cluster.leaders(Topics.HEARTBEATS)
				.values()
				.stream()
				.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
			int victim = led.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
			long killed = System.nanoTime();
			cluster.broker(victim).kill();
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> !cluster.leaders(Topics.HEARTBEATS).containsValue(victim));
			long failoverMs = (System.nanoTime() - killed) / 1_000_000;
			int acceptedBefore = players.count(202);
			await().atMost(Duration.ofSeconds(60)).until(() -> players.count(202) >= acceptedBefore + 200);
			cluster.broker(victim).start();
			cluster.awaitFullyReplicated(List.of(Topics.HEARTBEATS), Duration.ofSeconds(120));
			System.out.printf("Leader broker %d (of %s partitions) killed: leaders moved in %d ms%n", victim,
					led.get(victim), failoverMs);

			// two brokers down: no write can reach min.insync.replicas
			int first = (victim % 3) + 1;
			int second = (first % 3) + 1;
			cluster.broker(first).kill();
			cluster.broker(second).kill();
			Instant bothDown = Instant.now().plusMillis(500);
			// as many answers as players (each waits out the publish bound per request)
			await().atMost(Duration.ofSeconds(60)).until(() -> players.sentAfter(bothDown).size() >= PLAYERS);
			List<Answer> whileDown = players.sentAfter(bothDown);
			assertThat(whileDown).allSatisfy((answer) -> {
				assertThat(answer.status()).as("status").isEqualTo(503);
				assertThat(answer.retryAfter()).as("Retry-After").isTrue();
				assertThat(answer.millis()).as("answered within the publish bound")
					.isLessThan(PUBLISH_TIMEOUT.toMillis() + 3_000);
			});
			long restarted = System.nanoTime();
			cluster.broker(first).start();
			cluster.broker(second).start();
			int acceptedWhileDown = players.count(202);
			await().atMost(Duration.ofSeconds(120)).until(() -> players.count(202) >= acceptedWhileDown + 100);
			long recoveryMs = (System.nanoTime() - restarted) / 1_000_000;
			System.out.printf("Two brokers down: %d answers, all 503 within %d ms; 202 again %d ms after restart%n",
					whileDown.size(), whileDown.stream().mapToLong(Answer::millis).max().orElse(0), recoveryMs);
		}
		finally {
			// whatever happened above, the next assertions and tests need all brokers
			for (int id = 1; id <= cluster.size(); id++) {
				cluster.broker(id).start();
			}
		}
	}

	/** Players posting heartbeats back to back until closed, each answer recorded. */
	final class Players implements AutoCloseable {

		private final ExecutorService threads;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final Map<String, Answer> answers = new ConcurrentHashMap<>();

		private final String userPrefix = "failover-" + UUID.randomUUID() + "-";

		Players(int count) {
			this.threads = Executors.newFixedThreadPool(count);
			for (int player = 0; player < count; player++) {
				String user = this.userPrefix + player;
				this.threads.submit(() -> play(user));
			}
		}

		private void play(String user) {
			String playbackId = "pb-" + UUID.randomUUID();
			for (int seq = 0; this.running.get(); seq++) {
				String eventId = UUID.randomUUID().toString();
				Instant sent = Instant.now();
				ResponseEntity<String> answer;
				try {
					answer = ingest.post(String.format(
							"{\"eventId\":\"%s\",\"playbackId\":\"%s\",\"seq\":%d,\"userId\":\"%s\",\"videoId\":\"video-1\","
									+ "\"type\":\"%s\",\"positionMs\":%d,\"eventTime\":\"%s\"}",
							eventId, playbackId, seq, user, (seq == 0) ? "START" : "HEARTBEAT", seq * 1_000L, sent));
				}
				catch (RuntimeException ex) {
					// no answer at all: recorded as status 0, which the test refuses
					this.answers.put(eventId, new Answer(sent, 0, false, millisSince(sent)));
					continue;
				}
				this.answers.put(eventId, new Answer(sent, answer.getStatusCode().value(),
						answer.getHeaders().containsHeader("Retry-After"), millisSince(sent)));
				if (answer.getStatusCode().value() == 503) {
					sleep(200);
				}
			}
		}

		int count(int status) {
			return (int) this.answers.values().stream().filter((answer) -> answer.status() == status).count();
		}

		void awaitAnswers(int accepted, Duration timeout) {
			await().atMost(timeout).until(() -> count(202) >= accepted);
		}

		List<Answer> sentAfter(Instant instant) {
			return this.answers.values().stream().filter((answer) -> answer.sent().isAfter(instant)).toList();
		}

		@Override
		public void close() throws Exception {
			this.running.set(false);
			this.threads.shutdown();
			assertThat(this.threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
			Map<Integer, Long> byStatus = this.answers.values()
				.stream()
				.collect(Collectors.groupingBy(Answer::status, Collectors.counting()));
			assertThat(byStatus.keySet()).as("answers by status: %s", byStatus).containsOnly(202, 503);

			Map<String, Integer> onTopic = eventsOnTopic();
			List<String> accepted = this.answers.entrySet()
				.stream()
				.filter((entry) -> entry.getValue().status() == 202)
				.map(Map.Entry::getKey)
				.toList();
			assertThat(accepted).as("every event answered 202 is on the topic")
				.allSatisfy((eventId) -> assertThat(onTopic).containsKey(eventId));
			assertThat(onTopic.values()).as("no event on the topic twice").allSatisfy((n) -> assertThat(n).isOne());
			long refusedButWritten = this.answers.entrySet()
				.stream()
				.filter((entry) -> entry.getValue().status() == 503 && onTopic.containsKey(entry.getKey()))
				.count();
			System.out.printf(
					"Broker failover: %s answers %s; %d of %d accepted events on the topic, none twice; "
							+ "%d answered 503 were written as well (the player's retry is deduplicated by eventId)%n",
					this.answers.size(), byStatus, accepted.stream().filter(onTopic::containsKey).count(),
					accepted.size(), refusedButWritten);
		}

		private Map<String, Integer> eventsOnTopic() {
			Map<String, Object> config = new HashMap<>(AvroSerdes.deserializerConfig(infra.registry().apiUrl()));
			config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
			config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
			config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
			AvroKafkaDeserializer<Heartbeat> values = new AvroKafkaDeserializer<>();
			values.configure(config, false);
			Map<String, Integer> found = new HashMap<>();
			try (KafkaConsumer<String, Heartbeat> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
					values)) {
				consumer.subscribe(List.of(Topics.HEARTBEATS));
				long quietSince = System.nanoTime();
				long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
				// read until nothing new for 5 s
				while (System.nanoTime() - quietSince < Duration.ofSeconds(5).toNanos()
						&& System.nanoTime() < deadline) {
					for (ConsumerRecord<String, Heartbeat> record : consumer.poll(Duration.ofMillis(300))) {
						quietSince = System.nanoTime();
						if (record.key().startsWith(this.userPrefix)) {
							found.merge(record.value().getEventId(), 1, Integer::sum);
						}
					}
				}
			}
			return found;
		}

		private static long millisSince(Instant instant) {
			return Duration.between(instant, Instant.now()).toMillis();
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

	record Answer(Instant sent, int status, boolean retryAfter, long millis) {
	}

}
