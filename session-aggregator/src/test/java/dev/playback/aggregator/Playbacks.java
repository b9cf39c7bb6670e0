package dev.playback.aggregator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import dev.playback.aggregator.session.SessionViews;
import dev.playback.infra.LocalInfrastructure;
import dev.playback.rules.SessionRules;
import dev.playback.rules.SessionSummary;
import dev.playback.schemas.AdInfo;
import dev.playback.schemas.AvroSerdes;
import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.Topics;
import dev.playback.schemas.ViewingSession;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The traffic of the aggregator's integration tests and what they read back: realistic
 * playbacks (pauses, a seek, an ad break, some split by silence), sent in halves slightly
 * shuffled and with duplicates, the sessions the rules give for them, the sessions topic
 * read back, and the read API.
 */
final class Playbacks {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private Playbacks() {
	}

	/** {@code count} playbacks by id, one user each, starting an hour ago. */
	static Map<String, List<Heartbeat>> some(int count, Random random) {
		Instant base = Instant.now().minus(Duration.ofHours(1));
		Map<String, List<Heartbeat>> playbacks = new HashMap<>();
		for (int i = 0; i < count; i++) {
			String playbackId = "pb-" + UUID.randomUUID();
			playbacks.put(playbackId,
					playback(playbackId, "user-" + i + "-" + UUID.randomUUID(), base, random, i % 8 == 0));
		}
		return playbacks;
	}

	/**
	 * Waits until every playback has a session on the topic, adding what is read to
	 * {@code out}.
	 */
	static void awaitASessionOfEach(KafkaConsumer<String, ViewingSession> consumer,
			List<ConsumerRecord<String, ViewingSession>> out, Map<String, List<Heartbeat>> playbacks,
			Duration timeout) {
		await().atMost(timeout)
			.until(() -> poll(consumer, out).stream()
				.map(ConsumerRecord::key)
				.distinct()
				.filter(playbacks::containsKey)
				.count() == playbacks.size());
	}

	/**
	 * Waits until the topic holds, for every expected session, a closed revision equal to
	 * what the rules make of its events (revisions only growing), adding what is read to
	 * {@code out}.
	 */
	static void awaitExact(KafkaConsumer<String, ViewingSession> consumer,
			List<ConsumerRecord<String, ViewingSession>> out, Map<String, String> expected, Duration timeout) {
		await().atMost(timeout).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			Map<String, ViewingSession> latest = latest(poll(consumer, out), expected);
			assertThat(latest).hasSameSizeAs(expected);
			latest.forEach((id, session) -> {
				assertThat(session.getClosed()).as(id + " closed").isTrue();
				assertThat(SessionViews.of(session)).as(id).isEqualTo(expected.get(id));
			});
		});
	}

	/** The sessions the rules make of them, as the session views to compare. */
	static Map<String, String> expected(Map<String, List<Heartbeat>> playbacks) {
		Map<String, String> expected = new HashMap<>();
		playbacks.values()
			.forEach((events) -> SessionRules.sessions(events)
				.forEach((SessionSummary summary) -> expected.put(summary.sessionId(), SessionViews.of(summary))));
		return expected;
	}

	/** The latest record per expected session id, checking that revisions only grow. */
	static Map<String, ViewingSession> latest(List<ConsumerRecord<String, ViewingSession>> out,
			Map<String, String> expected) {
		Map<String, ViewingSession> latest = new HashMap<>();
		for (ConsumerRecord<String, ViewingSession> record : out) {
			if (!expected.containsKey(record.key())) {
				continue;
			}
			ViewingSession before = latest.get(record.key());
			if (before != null) {
				assertThat(record.value().getRevision()).as("revisions of " + record.key())
					.isGreaterThan(before.getRevision());
			}
			latest.put(record.key(), record.value());
		}
		return latest;
	}

	/**
	 * A viewer's playback: START, heartbeats every 5 s with a seek, a pause and an ad
	 * break, STOP; now and then 31 minutes of silence that splits it.
	 */
	static List<Heartbeat> playback(String playbackId, String userId, Instant base, Random random, boolean split) {
		List<Heartbeat.Builder> events = new ArrayList<>();
		long seconds = random.nextInt(60);
		long position = 0;
		int beats = 16 + random.nextInt(10);
		events.add(event(playbackId, userId, events.size(), EventType.START, base.plusSeconds(seconds), position));
		for (int i = 0; i < beats; i++) {
			seconds += 5;
			if (split && i == beats / 2) {
				seconds += 31 * 60;
			}
			if (i == 4) {
				events.add(event(playbackId, userId, events.size(), EventType.AD_START, base.plusSeconds(seconds),
						position)
					.setAd(new AdInfo("ad-" + playbackId, "ad-1", 0L, 6_000L, null, null)));
				for (int s = 1; s <= 6; s++) {
					events.add(event(playbackId, userId, events.size(),
							(s == 6) ? EventType.AD_COMPLETE : EventType.AD_HEARTBEAT, base.plusSeconds(seconds + s),
							position)
						.setAd(new AdInfo("ad-" + playbackId, "ad-1", s * 1_000L, 6_000L, null, null)));
				}
				seconds += 7;
				events.add(event(playbackId, userId, events.size(), EventType.RESUME, base.plusSeconds(seconds),
						position));
				continue;
			}
			if (i == 9) {
				long to = position + 60_000;
				events.add(event(playbackId, userId, events.size(), EventType.SEEK, base.plusSeconds(seconds), to)
					.setFromPositionMs(position + 5_000));
				position = to;
				continue;
			}
			position += 5_000;
			events.add(
					event(playbackId, userId, events.size(), EventType.HEARTBEAT, base.plusSeconds(seconds), position));
		}
		events.add(event(playbackId, userId, events.size(), EventType.STOP, base.plusSeconds(seconds + 2),
				position + 2_000));
		return events.stream().map(Heartbeat.Builder::build).toList();
	}

	static Heartbeat.Builder event(String playbackId, String userId, int seq, EventType type, Instant at,
			long positionMs) {
		return Heartbeat.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setPlaybackId(playbackId)
			.setSeq(seq)
			.setUserId(userId)
			.setVideoId("video-1")
			.setType(type)
			.setPositionMs(positionMs)
			.setEventTime(at)
			.setReceivedAt(Instant.now());
	}

	/**
	 * Sends the first or second half of every playback, slightly shuffled and with some
	 * duplicates, as players on a poor network would.
	 */
	static void sendHalf(KafkaProducer<String, Heartbeat> producer, Map<String, List<Heartbeat>> playbacks,
			boolean first, Random random) {
		for (List<Heartbeat> events : playbacks.values()) {
			int middle = events.size() / 2;
			List<Heartbeat> half = new ArrayList<>(
					first ? events.subList(0, middle) : events.subList(middle, events.size()));
			for (int i = 0; i + 1 < half.size(); i += 3) {
				if (random.nextBoolean()) {
					Heartbeat swapped = half.get(i);
					half.set(i, half.get(i + 1));
					half.set(i + 1, swapped);
				}
			}
			half.add(half.get(random.nextInt(half.size())));
			for (Heartbeat event : half) {
				producer.send(new ProducerRecord<>(Topics.HEARTBEATS, event.getUserId(), event));
			}
		}
		producer.flush();
	}

	static JsonNode sessionsOf(int port, String userId) {
		String body = RestClient.create("http://127.0.0.1:" + port)
			.get()
			.uri("/v1/users/{userId}/sessions?limit=100", userId)
			.retrieve()
			.body(String.class);
		return JSON.readTree(body);
	}

	static KafkaProducer<String, Heartbeat> producer() {
		return AvroSerdes.producer(LocalInfrastructure.shared().registry().apiUrl(),
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfrastructure.shared().kafkaBootstrapServers()));
	}

	static KafkaConsumer<String, ViewingSession> consumer() {
		Map<String, Object> config = new HashMap<>(
				AvroSerdes.deserializerConfig(LocalInfrastructure.shared().registry().apiUrl()));
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfrastructure.shared().kafkaBootstrapServers());
		config.put(ConsumerConfig.GROUP_ID_CONFIG, "aggregator-it-" + UUID.randomUUID());
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		AvroKafkaDeserializer<ViewingSession> values = new AvroKafkaDeserializer<>();
		values.configure(config, false);
		KafkaConsumer<String, ViewingSession> consumer = new KafkaConsumer<>(config, new StringDeserializer(), values);
		consumer.subscribe(List.of(Topics.SESSIONS));
		return consumer;
	}

	static List<ConsumerRecord<String, ViewingSession>> poll(KafkaConsumer<String, ViewingSession> consumer,
			List<ConsumerRecord<String, ViewingSession>> out) {
		consumer.poll(Duration.ofMillis(200)).forEach(out::add);
		return out;
	}

}
