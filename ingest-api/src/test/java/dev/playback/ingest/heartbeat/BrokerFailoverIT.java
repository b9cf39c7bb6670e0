package dev.playback.ingest.heartbeat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.playback.infra.KafkaCluster;
import dev.playback.infra.LocalInfrastructure;
import dev.playback.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
		try (Players players = new Players(ingest, infra, "failover", PLAYERS)) {
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
			List<Players.Answer> whileDown = players.sentAfter(bothDown);
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
					whileDown.size(), whileDown.stream().mapToLong(Players.Answer::millis).max().orElse(0), recoveryMs);
		}
		finally {
			// whatever happened above, the next assertions and tests need all brokers
			for (int id = 1; id <= cluster.size(); id++) {
				cluster.broker(id).start();
			}
		}
	}

}
