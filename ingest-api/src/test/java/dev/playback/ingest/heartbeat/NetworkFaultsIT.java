package dev.playback.ingest.heartbeat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.playback.infra.LocalInfrastructure;
import dev.playback.infra.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.ResponseEntity;

import static dev.playback.ingest.heartbeat.HeartbeatApiIT.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The network between ingest and its servers breaks while players send: half a second
 * more each way to Kafka, a 20 s black hole (nothing passes, nothing is refused),
 * connections reset mid-request, the registry black-holed. Ingest answers 202 or 503 with
 * Retry-After within its publish bound, never a 500 or a hang, recovers by itself, and
 * every event answered 202 is on the topic exactly once ({@link Players#close()}).
 */
class NetworkFaultsIT {

	private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(5);

	private static final long BOUND_MILLIS = PUBLISH_TIMEOUT.toMillis() + 3_000;

	private static final int PLAYERS = 6;

	static final LocalInfrastructure infra = LocalInfrastructure.shared();

	static TcpProxy kafka;

	static TcpProxy registry;

	static RunningIngest ingest;

	@BeforeAll
	static void start() {
		kafka = infra.kafka().link();
		registry = TcpProxy.start("registry", infra.registry().port());
		ingest = RunningIngest.start(infra, NetworkFaultsIT::throughProxies,
				"--playback.ingest.publish-timeout=" + PUBLISH_TIMEOUT.toSeconds() + "s");
	}

	static String[] throughProxies(String[] args) {
		return registry.reroute(kafka.reroute(args, infra.kafka().port()), infra.registry().port());
	}

	@AfterEach
	void heal() {
		kafka.heal();
		registry.heal();
	}

	@AfterAll
	static void stop() {
		if (ingest != null) {
			ingest.close();
		}
		if (registry != null) {
			registry.close();
		}
	}

	@Test
	void halfASecondMoreEachWayToKafkaIsStillAccepted() throws Exception {
		try (Players players = new Players(ingest, infra, "latency", PLAYERS)) {
			players.awaitAnswers(50, Duration.ofSeconds(60));
			kafka.delay(Duration.ofMillis(500));
			Instant delayed = Instant.now().plusMillis(200);
			await().atMost(Duration.ofSeconds(120)).until(() -> players.sentAfter(delayed).size() >= 60);
			List<Players.Answer> slowed = players.sentAfter(delayed);
			assertThat(slowed).allSatisfy((answer) -> assertThat(answer.status()).as("status").isEqualTo(202));
			long[] millis = slowed.stream().mapToLong(Players.Answer::millis).sorted().toArray();
			assertThat(millis[0]).as("each answer waited for the round trip").isGreaterThanOrEqualTo(1_000);
			assertThat(millis[millis.length - 1]).as("slowest answer").isLessThan(PUBLISH_TIMEOUT.toMillis());
			System.out.printf("Kafka 500 ms farther each way: %d answers all 202, %d-%d ms (median %d)%n",
					millis.length, millis[0], millis[millis.length - 1], millis[millis.length / 2]);
		}
	}

	@Test
	void aTwentySecondBlackHoleToKafkaIsAnswered503ThenHealsByItself() throws Exception {
		try (Players players = new Players(ingest, infra, "black-hole", PLAYERS)) {
			players.awaitAnswers(100, Duration.ofSeconds(60));
			kafka.blackHole();
			Instant holeFrom = Instant.now().plusMillis(500);
			Thread.sleep(20_000);
			int acceptedInHole = players.count(202);
			long healed = System.nanoTime();
			kafka.heal();
			// a request sent into the hole cannot have been written before its bound ran
			// out
			Instant lastCertain = Instant.now().minus(PUBLISH_TIMEOUT).minusSeconds(1);
			List<Players.Answer> inHole = players.sentAfter(holeFrom)
				.stream()
				.filter((answer) -> answer.sent().isBefore(lastCertain))
				.toList();
			assertThat(inHole).as("answers to requests sent into the hole").hasSizeGreaterThanOrEqualTo(PLAYERS);
			assertThat(inHole).allSatisfy((answer) -> {
				assertThat(answer.status()).as("status").isEqualTo(503);
				assertThat(answer.retryAfter()).as("Retry-After").isTrue();
				assertThat(answer.millis()).as("answered within the publish bound").isLessThan(BOUND_MILLIS);
			});
			await().atMost(Duration.ofSeconds(120)).until(() -> players.count(202) >= acceptedInHole + 100);
			System.out.printf(
					"Kafka black-holed 20 s: %d answers sent into it, all 503 within %d ms; "
							+ "100 more 202 %d ms after it healed%n",
					inHole.size(), inHole.stream().mapToLong(Players.Answer::millis).max().orElse(0),
					(System.nanoTime() - healed) / 1_000_000);
		}
	}

	@Test
	void connectionsToKafkaResetMidRequestLoseNothing() throws Exception {
		try (Players players = new Players(ingest, infra, "resets", PLAYERS)) {
			players.awaitAnswers(100, Duration.ofSeconds(60));
			int resets = 0;
			for (int round = 0; round < 10; round++) {
				resets += kafka.resetConnections();
				Thread.sleep(1_000);
			}
			int acceptedAfter = players.count(202);
			await().atMost(Duration.ofSeconds(120)).until(() -> players.count(202) >= acceptedAfter + 100);
			assertThat(resets).as("connections reset").isGreaterThanOrEqualTo(10);
			System.out.printf("Kafka connections reset every second for 10 s: %d resets; %d 202, %d 503%n", resets,
					players.count(202), players.count(503));
		}
	}

	@Test
	void aBlackHoledRegistryHoldsNeitherTheRunningIngestNorANewOne() {
		String user = "registry-hole-" + UUID.randomUUID();
		String playback = "pb-" + UUID.randomUUID();
		assertThat(ingest.post(event(playback, 0, user, "START", 0)).getStatusCode().value()).isEqualTo(202);
		registry.blackHole();
		for (int seq = 1; seq <= 50; seq++) {
			assertThat(ingest.post(event(playback, seq, user, "HEARTBEAT", seq * 1_000L)).getStatusCode().value())
				.as("event %d with the registry black-holed", seq)
				.isEqualTo(202);
		}
		long starting = System.nanoTime();
		try (RunningIngest fresh = RunningIngest.start(infra, NetworkFaultsIT::throughProxies,
				"--playback.ingest.publish-timeout=" + PUBLISH_TIMEOUT.toSeconds() + "s")) {
			long startMillis = (System.nanoTime() - starting) / 1_000_000;
			long asked = System.nanoTime();
			ResponseEntity<String> readiness = fresh.http()
				.get()
				.uri("/actuator/health/readiness")
				.retrieve()
				.toEntity(String.class);
			long readinessMillis = (System.nanoTime() - asked) / 1_000_000;
			assertThat(readiness.getStatusCode().value()).as("a new instance is not ready").isEqualTo(503);
			long sent = System.nanoTime();
			ResponseEntity<String> refused = fresh
				.post(event("pb-" + UUID.randomUUID(), 0, "registry-hole-new-" + UUID.randomUUID(), "START", 0));
			long millis = (System.nanoTime() - sent) / 1_000_000;
			assertThat(refused.getStatusCode().value()).as("a new instance without the registry").isEqualTo(503);
			assertThat(refused.getHeaders().getFirst("Retry-After")).isNotNull();
			assertThat(millis).as("answered within its bound").isLessThan(BOUND_MILLIS);
			registry.heal();
			long healed = System.nanoTime();
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> fresh
					.post(event("pb-" + UUID.randomUUID(), 0, "registry-hole-new-" + UUID.randomUUID(), "START", 0))
					.getStatusCode()
					.value() == 202);
			System.out.printf(
					"Registry black-holed: 50 of 50 accepted by the running ingest; a new one started in %d ms, "
							+ "readiness 503 in %d ms, an event 503 in %d ms, 202 %d ms after the registry healed%n",
					startMillis, readinessMillis, millis, (System.nanoTime() - healed) / 1_000_000);
		}
	}

}
