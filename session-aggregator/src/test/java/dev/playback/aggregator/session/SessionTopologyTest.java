package dev.playback.aggregator.session;

import java.time.Instant;
import java.util.List;
import java.util.Properties;

import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.Topics;
import dev.playback.schemas.ViewingSession;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionTopologyTest {

	static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

	TopologyTestDriver driver;

	TestInputTopic<String, Heartbeat> heartbeats;

	TestOutputTopic<String, ViewingSession> sessions;

	@BeforeEach
	void setUp() {
		Serde<Heartbeat> heartbeatSerde = PlainAvroSerde.of(Heartbeat.getClassSchema());
		Serde<ViewingSession> sessionSerde = PlainAvroSerde.of(ViewingSession.getClassSchema());
		StreamsBuilder builder = new StreamsBuilder();
		new SessionTopology(heartbeatSerde, sessionSerde).build(builder);
		Properties config = new Properties();
		config.put(StreamsConfig.APPLICATION_ID_CONFIG, "session-topology-test");
		config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
		this.driver = new TopologyTestDriver(builder.build(), config);
		this.heartbeats = this.driver.createInputTopic(Topics.HEARTBEATS, new StringSerializer(),
				heartbeatSerde.serializer());
		this.sessions = this.driver.createOutputTopic(Topics.SESSIONS, new StringDeserializer(),
				sessionSerde.deserializer());
	}

	@AfterEach
	void tearDown() {
		this.driver.close();
	}

	@Test
	void eachHeartbeatEmitsTheFullSessionKeyedBySessionIdWithTheNextRevision() {
		this.heartbeats.pipeInput("user-1", heartbeat("pb-1", 0, EventType.START, 0, T0));
		this.heartbeats.pipeInput("user-1", heartbeat("pb-1", 1, EventType.HEARTBEAT, 5_000, T0.plusSeconds(5)));

		List<KeyValue<String, ViewingSession>> out = this.sessions.readKeyValuesToList();
		assertThat(out).extracting((kv) -> kv.key).containsExactly("pb-1", "pb-1");
		assertThat(out).extracting((kv) -> kv.value.getRevision()).containsExactly(1L, 2L);
		ViewingSession latest = out.get(1).value;
		assertThat(latest.getUserId()).isEqualTo("user-1");
		assertThat(latest.getStartedAt()).isEqualTo(T0);
		assertThat(latest.getLastEventAt()).isEqualTo(T0.plusSeconds(5));
		assertThat(latest.getLastPositionMs()).isEqualTo(5_000);
		assertThat(latest.getPlayedMs()).isEqualTo(5_000);
	}

	@Test
	void playbacksOfOneUserAreKeptApartAndStored() {
		this.heartbeats.pipeInput("user-1", heartbeat("pb-1", 0, EventType.START, 0, T0));
		this.heartbeats.pipeInput("user-1", heartbeat("pb-2", 0, EventType.START, 60_000, T0));

		KeyValueStore<String, ViewingSession> store = this.driver.getKeyValueStore(SessionTopology.SESSIONS_STORE);
		assertThat(store.get("pb-1").getLastPositionMs()).isZero();
		assertThat(store.get("pb-2").getLastPositionMs()).isEqualTo(60_000);
		assertThat(this.sessions.readKeyValuesToMap()).containsOnlyKeys("pb-1", "pb-2");
	}

	static Heartbeat heartbeat(String playbackId, long seq, EventType type, long positionMs, Instant eventTime) {
		return Heartbeat.newBuilder()
			.setEventId("e-" + playbackId + "-" + seq)
			.setPlaybackId(playbackId)
			.setSeq(seq)
			.setUserId("user-1")
			.setVideoId("video-1")
			.setType(type)
			.setPositionMs(positionMs)
			.setEventTime(eventTime)
			.setReceivedAt(eventTime)
			.build();
	}

}
