package dev.playback.aggregator.session;

import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.Topics;
import dev.playback.schemas.ViewingSession;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Heartbeats (keyed by user) to viewing sessions (keyed by session id). The application
 * and the tests both build it here.
 */
public class SessionTopology {

	public static final String SESSIONS_STORE = "sessions-by-playback";

	private final Serde<Heartbeat> heartbeatSerde;

	private final Serde<ViewingSession> sessionSerde;

	public SessionTopology(Serde<Heartbeat> heartbeatSerde, Serde<ViewingSession> sessionSerde) {
		this.heartbeatSerde = heartbeatSerde;
		this.sessionSerde = sessionSerde;
	}

	public KStream<String, ViewingSession> build(StreamsBuilder builder) {
		KStream<String, ViewingSession> sessions = builder
			.stream(Topics.HEARTBEATS, Consumed.with(Serdes.String(), this.heartbeatSerde).withName("heartbeats"))
			.selectKey((userId, heartbeat) -> heartbeat.getPlaybackId(), Named.as("key-by-playback"))
			.repartition(Repartitioned.with(Serdes.String(), this.heartbeatSerde).withName("by-playback"))
			.groupByKey(Grouped.with(Serdes.String(), this.heartbeatSerde))
			.aggregate(() -> null, (playbackId, heartbeat, session) -> SessionFolding.apply(session, heartbeat),
					Materialized.<String, ViewingSession, KeyValueStore<Bytes, byte[]>>as(SESSIONS_STORE)
						.withKeySerde(Serdes.String())
						.withValueSerde(this.sessionSerde))
			.toStream(Named.as("session-changes"))
			.selectKey((playbackId, session) -> session.getSessionId(), Named.as("key-by-session"));
		sessions.to(Topics.SESSIONS, Produced.with(Serdes.String(), this.sessionSerde).withName("sessions"));
		return sessions;
	}

}
