package dev.playback.ingest.heartbeat;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.playback.infra.LocalInfrastructure;
import dev.playback.schemas.TrafficClass;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Classification at receipt on the real broker and registry: behind a trusted proxy (here
 * loopback, as Tomcat trusts it by default) the client address comes from
 * {@code X-Forwarded-For}; every event of a request is stamped with the request's class,
 * accepted and published whatever the class, and nothing of the agent or the address is.
 */
class InvalidTrafficIT {

	static final LocalInfrastructure infra = LocalInfrastructure.shared();

	static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

	static RunningIngest ingest;

	@BeforeAll
	static void start() {
		ingest = RunningIngest.start(infra, "--server.forward-headers-strategy=native",
				"--playback.ingest.traffic.datacenter-ranges=203.0.113.0/24,2001:db8:dc::/48");
	}

	@AfterAll
	static void stop() {
		ingest.close();
	}

	@Test
	void everyEventIsStampedWithItsRequestsClassAndAcceptedWhateverItIs() {
		String valid = "user-valid-" + UUID.randomUUID();
		String bot = "user-bot-" + UUID.randomUUID();
		String datacenter = "user-dc-" + UUID.randomUUID();
		String datacenterV6 = "user-dc6-" + UUID.randomUUID();
		String spoofing = "user-spoof-" + UUID.randomUUID();
		String chained = "user-chain-" + UUID.randomUUID();
		assertThat(post(valid, BROWSER, null)).isEqualTo(202);
		assertThat(post(bot, "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", null))
			.isEqualTo(202);
		assertThat(post(datacenter, BROWSER, "203.0.113.77")).isEqualTo(202);
		assertThat(post(datacenterV6, BROWSER, "2001:db8:dc::5")).isEqualTo(202);
		assertThat(post(spoofing, BROWSER, "203.0.113.77, 198.51.100.23")).isEqualTo(202);
		assertThat(post(chained, BROWSER, "203.0.113.80, 10.1.2.3")).isEqualTo(202);

		Map<String, Set<TrafficClass>> classes = HeartbeatApiIT
			.readHeartbeats(Set.of(valid, bot, datacenter, datacenterV6, spoofing, chained), 12)
			.stream()
			.collect(Collectors.groupingBy(ConsumerRecord::key,
					Collectors.mapping((record) -> record.value().getTrafficClass(), Collectors.toSet())));
		assertThat(classes).containsEntry(valid, Set.of(TrafficClass.VALID))
			.containsEntry(bot, Set.of(TrafficClass.GIVT_BOT_AGENT))
			.containsEntry(datacenter, Set.of(TrafficClass.GIVT_DATACENTER))
			.containsEntry(datacenterV6, Set.of(TrafficClass.GIVT_DATACENTER));
		// X-Forwarded-For counts from the right, up to the first address that is not a
		// trusted proxy: what a client writes further left is not believed
		assertThat(classes).containsEntry(spoofing, Set.of(TrafficClass.VALID))
			.containsEntry(chained, Set.of(TrafficClass.GIVT_DATACENTER));
	}

	@Test
	void acceptedEventsAreCountedByTrafficClass() {
		post("user-m-" + UUID.randomUUID(), "curl/8.5.0", null);
		String metrics = ingest.http().get().uri("/actuator/prometheus").retrieve().body(String.class);
		assertThat(metrics)
			.containsPattern("heartbeats_accepted_total\\{[^}]*trafficClass=\"GIVT_BOT_AGENT\"[^}]*\\} [1-9]")
			.contains("trafficClass=\"GIVT_DATACENTER\"")
			.contains("trafficClass=\"VALID\"");
	}

	/** Two events of one playback in one request; the answer's status. */
	private static int post(String user, String agent, String forwardedFor) {
		String playback = "pb-" + UUID.randomUUID();
		var request = ingest.http()
			.post()
			.uri("/v1/heartbeats")
			.contentType(MediaType.APPLICATION_JSON)
			.header("User-Agent", agent);
		if (forwardedFor != null) {
			request = request.header("X-Forwarded-For", forwardedFor);
		}
		return request
			.body("[" + HeartbeatApiIT.event(playback, 0, user, "START", 0) + ","
					+ HeartbeatApiIT.event(playback, 1, user, "HEARTBEAT", 5_000) + "]")
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.value();
	}

}
