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
import java.util.stream.Collectors;

import dev.playback.infra.LocalInfrastructure;
import dev.playback.schemas.AvroSerdes;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.Topics;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Players posting heartbeats back to back until closed, each answer recorded. Closing
 * them checks what every fault test of ingest promises: only 202 and 503 answers, every
 * event answered 202 on the topic, none twice.
 */
final class Players implements AutoCloseable {

	private final ExecutorService threads;

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final Map<String, Answer> answers = new ConcurrentHashMap<>();

	private final RunningIngest ingest;

	private final LocalInfrastructure infra;

	private final String name;

	private final String userPrefix;

	Players(RunningIngest ingest, LocalInfrastructure infra, String name, int count) {
		this.ingest = ingest;
		this.infra = infra;
		this.name = name;
		this.userPrefix = name + "-" + UUID.randomUUID() + "-";
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
				answer = this.ingest.post(String.format(
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
		assertThat(byStatus.keySet()).as("answers by status: %s", byStatus).isSubsetOf(202, 503);

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
				"%s: %d answers %s; %d of %d accepted events on the topic, none twice; "
						+ "%d answered 503 were written as well (the player's retry is deduplicated by eventId)%n",
				this.name, this.answers.size(), byStatus, accepted.stream().filter(onTopic::containsKey).count(),
				accepted.size(), refusedButWritten);
	}

	private Map<String, Integer> eventsOnTopic() {
		Map<String, Object> config = new HashMap<>(AvroSerdes.deserializerConfig(this.infra.registry().apiUrl()));
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.infra.kafkaBootstrapServers());
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
			while (System.nanoTime() - quietSince < Duration.ofSeconds(5).toNanos() && System.nanoTime() < deadline) {
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

	record Answer(Instant sent, int status, boolean retryAfter, long millis) {
	}

}
