package dev.playback.aggregator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import dev.playback.infra.FreePorts;
import dev.playback.infra.LocalInfrastructure;
import dev.playback.infra.TcpProxy;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.Topics;
import dev.playback.schemas.ViewingSession;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The aggregator (exactly-once) while its network to Kafka breaks and the schema registry
 * is away: the registry stopped for the whole second half of the traffic, the way to the
 * broker black-holed for 20 s (longer than the transaction timeout, so the broker aborts
 * the open transaction), then its connections reset again and again. It recovers by
 * itself and every session that comes out equals what the rules give for its events:
 * nothing lost, nothing counted twice.
 */
class NetworkFaultsIT {

	static final int PLAYBACKS = 24;

	static final LocalInfrastructure infra = LocalInfrastructure.shared();

	@Test
	void sessionsStayExactThroughABlackHoleResetsAndARegistryOutage() throws Exception {
		Random random = new Random(7);
		Map<String, List<Heartbeat>> playbacks = Playbacks.some(PLAYBACKS, random);
		Map<String, String> expected = Playbacks.expected(playbacks);
		TcpProxy kafka = infra.kafka().link();
		Path state = Files.createTempDirectory("aggregator-network-it");
		String[] args = kafka.reroute(
				infra.serviceArguments("playback.aggregator", null, "--server.port=" + FreePorts.next(),
						"--spring.main.banner-mode=off",
						"--spring.kafka.streams.application-id=aggregator-network-it-" + UUID.randomUUID(),
						"--spring.kafka.streams.state-dir=" + state, "--playback.aggregator.sessions.stop-grace=1s"),
				infra.kafka().port());
		try (ConfigurableApplicationContext aggregator = SessionAggregatorApplication.application().run(args);
				KafkaProducer<String, Heartbeat> producer = Playbacks.producer();
				KafkaConsumer<String, ViewingSession> consumer = Playbacks.consumer()) {
			List<ConsumerRecord<String, ViewingSession>> out = new ArrayList<>();
			Playbacks.sendHalf(producer, playbacks, true, random);
			Playbacks.awaitASessionOfEach(consumer, out, playbacks, Duration.ofSeconds(90));

			long registryDown = System.nanoTime();
			infra.registry().stop();
			try {
				Playbacks.sendHalf(producer, playbacks, false, random);
				kafka.blackHole();
				// the faults themselves: 20 s of a silent network, then a reset a second
				Thread.sleep(20_000);
				kafka.heal();
				long healed = System.nanoTime();
				int resets = 0;
				for (int round = 0; round < 5; round++) {
					Thread.sleep(1_000);
					resets += kafka.resetConnections();
				}
				assertThat(resets).as("connections reset").isPositive();
				Playbacks.awaitExact(consumer, out, expected, Duration.ofSeconds(180));
				System.out.printf(
						"Aggregator: registry down %d s, Kafka black-holed 20 s then %d connections reset: "
								+ "all %d sessions exact %d ms after the black hole healed%n",
						(System.nanoTime() - registryDown) / 1_000_000_000, resets, expected.size(),
						(System.nanoTime() - healed) / 1_000_000);
			}
			finally {
				kafka.heal();
				infra.registry().start();
			}
			assertThat(aggregator.isRunning()).isTrue();
		}
	}

	/**
	 * A new instance (no schema id cached) started while the registry is away, with
	 * heartbeats waiting on the topic: it waits for the registry, dead-letters none of
	 * them (before, every valid heartbeat it could not look up went to the dead-letter
	 * topic), and once the registry is back folds them into exactly the sessions their
	 * events make.
	 */
	@Test
	void aNewInstanceWaitsForTheRegistryInsteadOfDeadLetteringValidHeartbeats() throws Exception {
		Random random = new Random(11);
		Map<String, List<Heartbeat>> playbacks = Playbacks.some(8, random);
		Map<String, String> expected = Playbacks.expected(playbacks);
		Set<String> users = new HashSet<>();
		playbacks.values().forEach((events) -> users.add(events.get(0).getUserId()));
		Path state = Files.createTempDirectory("aggregator-registry-it");
		try (KafkaProducer<String, Heartbeat> producer = Playbacks.producer();
				KafkaConsumer<String, ViewingSession> consumer = Playbacks.consumer();
				KafkaConsumer<String, byte[]> deadLetters = new KafkaConsumer<>(
						Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
								ConsumerConfig.GROUP_ID_CONFIG, "aggregator-dlt-it-" + UUID.randomUUID(),
								ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
						new StringDeserializer(), new ByteArrayDeserializer())) {
			deadLetters.subscribe(List.of(Topics.AGGREGATOR_HEARTBEATS_DEAD_LETTER));
			Playbacks.sendHalf(producer, playbacks, true, random);
			Playbacks.sendHalf(producer, playbacks, false, random);

			infra.registry().stop();
			List<ConsumerRecord<String, ViewingSession>> out = new ArrayList<>();
			List<String> deadLettered = new ArrayList<>();
			try (ConfigurableApplicationContext aggregator = SessionAggregatorApplication.application()
				.run(infra.serviceArguments("playback.aggregator", null, "--server.port=" + FreePorts.next(),
						"--spring.main.banner-mode=off",
						"--spring.kafka.streams.application-id=aggregator-registry-it-" + UUID.randomUUID(),
						"--spring.kafka.streams.state-dir=" + state, "--playback.aggregator.sessions.stop-grace=1s"))) {
				try {
					long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
					while (System.nanoTime() < deadline) {
						deadLetters.poll(Duration.ofMillis(500)).forEach((record) -> deadLettered.add(record.key()));
					}
					assertThat(deadLettered).as("dead-lettered while the registry was away").noneMatch(users::contains);
				}
				finally {
					infra.registry().start();
				}
				long back = System.nanoTime();
				Playbacks.awaitExact(consumer, out, expected, Duration.ofSeconds(180));
				System.out.printf(
						"Aggregator started with the registry away: nothing dead-lettered in 20 s; "
								+ "all %d sessions exact %d ms after the registry was back%n",
						expected.size(), (System.nanoTime() - back) / 1_000_000);
				deadLetters.poll(Duration.ofSeconds(1)).forEach((record) -> deadLettered.add(record.key()));
				assertThat(deadLettered).as("dead-lettered").noneMatch(users::contains);
				assertThat(aggregator.isRunning()).isTrue();
			}
		}
	}

}
