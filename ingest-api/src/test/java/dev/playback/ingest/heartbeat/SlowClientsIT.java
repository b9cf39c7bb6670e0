package dev.playback.ingest.heartbeat;

import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.playback.infra.LocalInfrastructure;
import dev.playback.web.SlowClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.playback.ingest.heartbeat.HeartbeatApiIT.event;
import static dev.playback.ingest.heartbeat.HeartbeatApiIT.readHeartbeats;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A public ingest is not held by slow or hostile clients (on 2026-12-03, 250 connections
 * that sent their headers and then a body byte every few seconds left it unable to answer
 * anything else): with 2,000 such connections open, more than ten times Tomcat's 200
 * threads, normal heartbeats are answered 202 with a p99 within a second, every one of
 * them published; each slow connection is answered 408 once the whole-body bound passes,
 * however often it sends a byte.
 */
class SlowClientsIT {

	static final int SLOW_CLIENTS = 2_000;

	static final LocalInfrastructure infra = LocalInfrastructure.shared();

	static RunningIngest ingest;

	@BeforeAll
	static void start() {
		ingest = RunningIngest.start(infra, "--playback.ingest.body-read-timeout=8s");
	}

	@AfterAll
	static void stop() {
		ingest.close();
	}

	@Test
	void thousandsOfTricklingClientsLeaveNormalTrafficWithinItsBound() throws Exception {
		URI base = URI.create(ingest.baseUrl());
		String user = "normal-" + UUID.randomUUID();
		assertThat(ingest.post(event("pb-normal", 0, user, "START", 0)).getStatusCode().value()).isEqualTo(202);
		List<Socket> slow = new ArrayList<>();
		try {
			long opened = System.nanoTime();
			for (int i = 0; i < SLOW_CLIENTS; i++) {
				Socket socket = new Socket(base.getHost(), base.getPort());
				socket.getOutputStream()
					.write(("POST /v1/heartbeats HTTP/1.1\r\nHost: ingest\r\n"
							+ "Content-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"eventId\":")
						.getBytes(StandardCharsets.US_ASCII));
				slow.add(socket);
			}
			List<Long> latencies = new ArrayList<>();
			for (int seq = 1; seq <= 200; seq++) {
				long began = System.nanoTime();
				int status = ingest.post(event("pb-normal", seq, user, "HEARTBEAT", seq * 5_000L))
					.getStatusCode()
					.value();
				latencies.add(System.nanoTime() - began);
				assertThat(status).isEqualTo(202);
				if (seq % 20 == 0) {
					// the slow ones send a byte now and then: each byte is within any
					// per-read timeout, the whole body never arrives
					for (Socket socket : slow) {
						SlowClients.trickle(socket, '"');
					}
				}
			}
			latencies.sort(null);
			System.out.printf(
					"slow clients: opened in %d ms; normal heartbeats p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
					(System.nanoTime() - opened) / 1_000_000, latencies.get(latencies.size() / 2) / 1e6,
					latencies.get(latencies.size() * 99 / 100 - 1) / 1e6, latencies.get(latencies.size() - 1) / 1e6);
			assertThat(Duration.ofNanos(latencies.get(latencies.size() * 99 / 100 - 1)))
				.as("p99 of normal heartbeats beside %d slow clients", SLOW_CLIENTS)
				.isLessThan(Duration.ofSeconds(1));
			assertThat(readHeartbeats(user, 201)).as("every event answered 202 is on the topic").hasSize(201);

			assertThat(SlowClients.answeredWith(slow, "HTTP/1.1 408"))
				.as("every slow client answered 408 after the bound")
				.isEqualTo(SLOW_CLIENTS);
			assertThat(Duration.ofNanos(System.nanoTime() - opened)).as("a bound on the whole body, not per byte")
				.isLessThan(Duration.ofSeconds(60));
		}
		finally {
			for (Socket socket : slow) {
				socket.close();
			}
		}
	}

}
