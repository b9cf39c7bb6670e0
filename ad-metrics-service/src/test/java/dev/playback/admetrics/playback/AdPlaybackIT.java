package dev.playback.admetrics.playback;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.playback.admetrics.AdMetricsServiceApplication;
import dev.playback.infra.LocalInfrastructure;
import dev.playback.schemas.AdPlayback;
import dev.playback.schemas.AvroSerdes;
import dev.playback.schemas.Topics;
import dev.playback.schemas.ViewingSession;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ad-metrics-service on a real broker, registry and PostgreSQL server.
 */
class AdPlaybackIT {

	static final LocalInfrastructure infra = LocalInfrastructure.shared();

	static ConfigurableApplicationContext app;

	static JdbcClient jdbc;

	@BeforeAll
	static void start() {
		app = AdMetricsServiceApplication.application()
			.run(infra.serviceArguments("playback.admetrics", "admetrics_it", "--server.port=0",
					"--spring.kafka.consumer.group-id=admetrics-it", "--spring.main.banner-mode=off"));
		jdbc = app.getBean(JdbcClient.class);
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void aNewerRevisionReplacesTheAdPlaybacksAndAnOlderOneChangesNothing() {
		AdPlaybackStore store = app.getBean(AdPlaybackStore.class);
		String id = "s-" + UUID.randomUUID();
		assertThat(store.apply(session(id, 1, ad("a1", 1_000), ad("a2", 0)))).isTrue();
		assertThat(store.apply(session(id, 2, ad("a1", 6_000)))).isTrue();
		assertThat(store.apply(session(id, 1, ad("a1", 1_000), ad("a2", 0)))).isFalse();
		assertThat(adPlayedMs(id)).containsExactly(6_000L);
	}

	@Test
	void sessionsFromTheTopicAreStored() throws Exception {
		String id = "s-" + UUID.randomUUID();
		try (KafkaProducer<String, ViewingSession> producer = AvroSerdes.producer(infra.registry().apiUrl(),
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()))) {
			producer.send(new ProducerRecord<>(Topics.SESSIONS, id, session(id, 1, ad("a1", 2_500)))).get();
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(adPlayedMs(id)).containsExactly(2_500L));
	}

	private static List<Long> adPlayedMs(String id) {
		return jdbc.sql("SELECT ad_played_ms FROM ad_playback_facts WHERE session_id = ? ORDER BY ad_playback_id")
			.param(id)
			.query(Long.class)
			.list();
	}

	static AdPlayback ad(String adPlaybackId, long playedMs) {
		return new AdPlayback(adPlaybackId, "ad-1", 15_000L, Instant.parse("2026-11-01T10:00:00Z"), playedMs, playedMs,
				playedMs, false, false, false);
	}

	static ViewingSession session(String id, long revision, AdPlayback... ads) {
		Instant start = Instant.parse("2026-11-01T10:00:00Z");
		return ViewingSession.newBuilder()
			.setSessionId(id)
			.setPlaybackId(id)
			.setRevision(revision)
			.setUserId("user-1")
			.setVideoId("video-1")
			.setStartedAt(start)
			.setLastEventAt(start)
			.setLastPositionMs(0)
			.setSegments(List.of())
			.setUniqueWatchedMs(0)
			.setPlayedMs(0)
			.setPlayedMsByDay(List.of())
			.setAds(List.of(ads))
			.setEventCount(revision)
			.setClosed(false)
			.build();
	}

}
