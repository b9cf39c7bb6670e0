package dev.playback.ingest.heartbeat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.playback.infra.LocalInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.ResponseEntity;

import static dev.playback.ingest.heartbeat.HeartbeatApiIT.event;
import static dev.playback.ingest.heartbeat.HeartbeatApiIT.readHeartbeats;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-client rate limit on the real broker: past the burst a client gets 429 with
 * Retry-After and nothing of its request is published; after Retry-After it is served
 * again; other endpoints are not limited.
 */
class RateLimitIT {

	static final LocalInfrastructure infra = LocalInfrastructure.shared();

	static RunningIngest ingest;

	@BeforeAll
	static void start() {
		ingest = RunningIngest.start(infra, "--playback.ingest.rate-limit-per-client=1",
				"--playback.ingest.rate-limit-burst=3");
	}

	@AfterAll
	static void stop() {
		ingest.close();
	}

	@Test
	void aClientPastItsBurstIsAnswered429AndNothingOfItIsPublished() throws Exception {
		String user = "limited-" + UUID.randomUUID();
		// a first request pays for the producer's metadata; then the bucket fills again
		assertThat(ingest.post(event("pb-warm", 0, "warm-" + user, "START", 0)).getStatusCode().value()).isEqualTo(202);
		Thread.sleep(3_100);
		List<Integer> statuses = new ArrayList<>();
		ResponseEntity<String> limited = null;
		for (int seq = 0; seq < 6; seq++) {
			ResponseEntity<String> answer = ingest.post(event("pb-limited", seq, user, "HEARTBEAT", seq * 5_000L));
			statuses.add(answer.getStatusCode().value());
			if (answer.getStatusCode().value() == 429) {
				limited = answer;
			}
		}
		assertThat(statuses).containsExactly(202, 202, 202, 429, 429, 429);
		assertThat(limited.getHeaders().getFirst("Retry-After")).isEqualTo("1");
		assertThat(limited.getHeaders().getContentType()).hasToString("application/problem+json");
		assertThat(limited.getBody()).contains("\"status\":429", "Too many requests");

		// other endpoints are not limited
		for (int i = 0; i < 10; i++) {
			assertThat(ingest.http()
				.get()
				.uri("/actuator/health")
				.retrieve()
				.toEntity(String.class)
				.getStatusCode()
				.value()).isEqualTo(200);
		}

		Thread.sleep(1_000);
		assertThat(ingest.post(event("pb-limited", 3, user, "HEARTBEAT", 15_000L)).getStatusCode().value())
			.as("served again after Retry-After")
			.isEqualTo(202);
		assertThat(readHeartbeats(user, 4)).extracting((record) -> record.value().getSeq())
			.as("the three first events and the one sent after Retry-After; none of the 429s")
			.containsExactly(0L, 1L, 2L, 3L);

		String metrics = ingest.http().get().uri("/actuator/prometheus").retrieve().body(String.class);
		assertThat(metrics).containsPattern("heartbeats_ratelimited_responses_total\\{[^}]*\\} 3")
			.containsPattern("heartbeats_rejected_total\\{[^}]*reason=\"rate_limited\"[^}]*\\} 3");
	}

}
