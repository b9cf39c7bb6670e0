package dev.playback.aggregator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.playback.infra.FreePorts;
import dev.playback.infra.LocalInfrastructure;
import dev.playback.schemas.AvroSerdes;
import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Poison records on the heartbeats topic, on the real broker and registry: bytes that are
 * not Avro, a schema id the registry does not have, a body cut short behind the real
 * schema's id, and a valid record against the contract's rules each go to the dead-letter
 * topic with the reason in headers, and the heartbeats after them still make their
 * session (Kafka Streams' default would stop the stream thread at the first one).
 */
class PoisonHeartbeatsIT {

	static final LocalInfrastructure infra = LocalInfrastructure.shared();

	@Test
	void poisonRecordsAreDeadLetteredWithTheReasonAndTheStreamGoesOn() throws Exception {
		String user = "poison-" + UUID.randomUUID();
		Path state = Files.createTempDirectory("aggregator-poison-it");
		try (ConfigurableApplicationContext aggregator = SessionAggregatorApplication.application()
			.run(infra.serviceArguments("playback.aggregator", null, "--server.port=" + FreePorts.next(),
					"--spring.main.banner-mode=off", "--logging.level.org.apache.kafka=WARN",
					"--spring.kafka.streams.application-id=aggregator-poison-it-" + UUID.randomUUID(),
					"--spring.kafka.streams.state-dir=" + state))) {
			byte[] unknownSchema = { 0, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0, 2, 4, 6 };
			// the registered schema's header, the body cut short: read by the direct
			// heartbeat reader, which must fail as Avro's would
			byte[] damaged;
			try (Serde<Heartbeat> serde = AvroSerdes.valueSerde(infra.registry().apiUrl())) {
				byte[] good = serde.serializer().serialize(Topics.HEARTBEATS, event(user, "pb-damaged", 0, 0));
				damaged = Arrays.copyOf(good, good.length - 8);
			}
			try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(
					Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()),
					new StringSerializer(), new ByteArraySerializer())) {
				raw.send(new ProducerRecord<>(Topics.HEARTBEATS, user, "not avro".getBytes(StandardCharsets.UTF_8)));
				raw.send(new ProducerRecord<>(Topics.HEARTBEATS, user, unknownSchema));
				raw.send(new ProducerRecord<>(Topics.HEARTBEATS, user, damaged));
			}
			Heartbeat backwards = event(user, "pb-poison", 0, -1);
			try (KafkaProducer<String, Heartbeat> avro = AvroSerdes.producer(infra.registry().apiUrl(),
					Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()))) {
				avro.send(new ProducerRecord<>(Topics.HEARTBEATS, user, backwards));
				avro.send(new ProducerRecord<>(Topics.HEARTBEATS, user, event(user, "pb-good", 0, 0)));
			}

			List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
			try (KafkaConsumer<String, byte[]> consumer = consumer(Topics.AGGREGATOR_HEARTBEATS_DEAD_LETTER)) {
				try {
					// generous: a CI machine's first stream start and registry lookups
					// can be slow
					await().atMost(Duration.ofSeconds(120)).until(() -> {
						consumer.poll(Duration.ofMillis(200)).forEach((record) -> {
							if (user.equals(record.key())) {
								dead.add(record);
							}
						});
						return dead.size() >= 4;
					});
				}
				catch (ConditionTimeoutException ex) {
					throw new AssertionError("dead letters after 120 s: " + dead.stream()
						.map((record) -> record.offset() + " " + header(record, "kafka_dlt-exception-message"))
						.toList(), ex);
				}
			}
			assertThat(dead).hasSize(4);
			assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
			assertThat(dead.get(1).value()).isEqualTo(unknownSchema);
			assertThat(dead.get(2).value()).isEqualTo(damaged);
			assertThat(header(dead.get(2), "kafka_dlt-exception-message")).as("read by the direct reader")
				.startsWith("Malformed heartbeat");
			for (ConsumerRecord<String, byte[]> unreadable : dead.subList(0, 3)) {
				assertThat(header(unreadable, "kafka_dlt-exception-fqcn")).isNotBlank();
				assertThat(header(unreadable, "kafka_dlt-original-topic")).isEqualTo(Topics.HEARTBEATS);
			}
			assertThat(header(dead.get(3), "kafka_dlt-exception-message")).isEqualTo("positionMs must not be negative");

			// the stream went on: the valid heartbeat after the poison made its session
			await().atMost(Duration.ofSeconds(120))
				.ignoreExceptions()
				.until(() -> sessionsOf(aggregator, user).contains("\"sessionId\":\"pb-good\""));
			assertThat(sessionsOf(aggregator, user)).doesNotContain("pb-poison").doesNotContain("pb-damaged");
		}
		finally {
			try (var files = Files.walk(state)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

	private static String sessionsOf(ConfigurableApplicationContext aggregator, String user) {
		return org.springframework.web.client.RestClient
			.create("http://127.0.0.1:" + aggregator.getEnvironment().getProperty("local.server.port"))
			.get()
			.uri("/v1/users/{userId}/sessions", user)
			.retrieve()
			.body(String.class);
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static KafkaConsumer<String, byte[]> consumer(String topic) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
		config.put(ConsumerConfig.GROUP_ID_CONFIG, "poison-it-" + UUID.randomUUID());
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer());
		consumer.subscribe(List.of(topic));
		return consumer;
	}

	private static Heartbeat event(String user, String playbackId, long seq, long positionMs) {
		return Heartbeat.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setPlaybackId(playbackId)
			.setSeq(seq)
			.setUserId(user)
			.setVideoId("video-1")
			.setType(EventType.START)
			.setPositionMs(positionMs)
			.setEventTime(Instant.now())
			.setReceivedAt(Instant.now())
			.build();
	}

}
