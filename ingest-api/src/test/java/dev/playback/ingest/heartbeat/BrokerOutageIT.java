package dev.playback.ingest.heartbeat;

import java.time.Duration;
import java.util.UUID;

import dev.playback.infra.LocalInfrastructure;
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

}
