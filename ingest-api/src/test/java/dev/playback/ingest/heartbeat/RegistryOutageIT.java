package dev.playback.ingest.heartbeat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

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
 * The schema registry goes away: a running ingest keeps answering 202 (it knows its
 * schema's id) and every event is on the topic, readable once the registry is back with
 * the same ids; an ingest started during the outage answers 503 with Retry-After within
 * its bound, never a 500, and 202 once the registry returns.
 */
class RegistryOutageIT {

	static final LocalInfrastructure infra = LocalInfrastructure.shared();

	static RunningIngest ingest;

	@BeforeAll
	static void start() {
		ingest = RunningIngest.start(infra);
	}

	@AfterAll
	static void stop() {
		ingest.close();
		infra.registry().start();
	}

	private static ResponseEntity<String> readiness(RunningIngest instance) {
		return instance.http().get().uri("/actuator/health/readiness").retrieve().toEntity(String.class);
	}

	@Test
	void aRunningIngestKeepsAcceptingAndANewOneAnswers503UntilTheRegistryIsBack() {
		String user = "registry-outage-" + UUID.randomUUID();
		String playback = "pb-" + UUID.randomUUID();
		assertThat(ingest.post(event(playback, 0, user, "START", 0)).getStatusCode().value()).isEqualTo(202);

		infra.registry().stop();
		RunningIngest startedDuringOutage = null;
		try {
			for (int seq = 1; seq <= 100; seq++) {
				assertThat(ingest.post(event(playback, seq, user, "HEARTBEAT", seq * 1_000L)).getStatusCode().value())
					.as("event %d with the registry down", seq)
					.isEqualTo(202);
			}
			assertThat(readiness(ingest).getStatusCode().value()).as("the running instance knows the schema's id")
				.isEqualTo(200);
			startedDuringOutage = RunningIngest.start(infra, "--playback.ingest.publish-timeout=2s");
			ResponseEntity<String> notReady = readiness(startedDuringOutage);
			assertThat(notReady.getStatusCode().value()).as("a new instance is not ready").isEqualTo(503);
			assertThat(notReady.getBody()).contains("schemaRegistry").contains("the schema registry is not reachable");
			long sent = System.nanoTime();
			ResponseEntity<String> refused = startedDuringOutage
				.post(event("pb-" + UUID.randomUUID(), 0, "registry-outage-new-" + UUID.randomUUID(), "START", 0));
			long millis = (System.nanoTime() - sent) / 1_000_000;
			assertThat(refused.getStatusCode().value()).as("a new instance without the registry").isEqualTo(503);
			assertThat(refused.getHeaders().getFirst("Retry-After")).isNotNull();
			assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
			assertThat(millis).as("answered within its bound").isLessThan(10_000);
			System.out.printf("Registry down: 100 of 100 events accepted by the running ingest; "
					+ "a new instance answered 503 in %d ms%n", millis);
		}
		finally {
			infra.registry().start();
		}
		long back = System.nanoTime();
		RunningIngest fresh = startedDuringOutage;
		String newUser = "registry-outage-new-" + UUID.randomUUID();
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> fresh.post(event("pb-" + UUID.randomUUID(), 0, newUser, "START", 0))
				.getStatusCode()
				.value() == 202);
		System.out.printf("Registry back: the new instance accepted again after %d ms%n",
				(System.nanoTime() - back) / 1_000_000);
		assertThat(readiness(fresh).getStatusCode().value()).isEqualTo(200);
		fresh.close();

		List<ConsumerRecord<String, Heartbeat>> records = readHeartbeats(user, 101);
		assertThat(records).hasSize(101);
		assertThat(records.stream().map((record) -> record.value().getSeq()).sorted().toList())
			.isEqualTo(LongStream.rangeClosed(0, 100).boxed().toList());
	}

}
