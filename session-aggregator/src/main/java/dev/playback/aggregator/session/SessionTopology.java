package dev.playback.aggregator.session;

import java.time.Duration;

import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.Topics;
import dev.playback.schemas.ViewingSession;
import dev.playback.aggregator.session.state.ChunkedEventLog;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.RecordContext;
import org.apache.kafka.streams.state.Stores;

/**
 * Heartbeats (keyed by user) to viewing sessions (keyed by session id), with the
 * beyond-late events on their own topic. The application and the tests both build it
 * here.
 * <p>
 * No repartitioning: heartbeats are keyed by user, so a user's playbacks, events and
 * history all live in the task that owns the user's partition, which is also where the
 * read APIs find them. Four stores, each with a changelog:
 * <ul>
 * <li>{@value #PLAYBACKS_STORE}: per user and playback, the live sessions' folds;</li>
 * <li>{@value #EVENTS_STORE}: the events of the live sessions, to fold again when an
 * older event comes after newer ones: in chunks of {@value ChunkedEventLog#CHUNK_EVENTS}
 * by seq, the most recent ones inline in their playback's state
 * ({@link ChunkedEventLog});</li>
 * <li>{@value #TIMERS_STORE}: a time index of what is due (waits, closes, coalesced
 * emissions, let-goes, history expiry);</li>
 * <li>{@value #HISTORY_STORE}: sessions let go, per user, for the read APIs, kept for the
 * history retention.</li>
 * </ul>
 */
public class SessionTopology {

	public static final String PLAYBACKS_STORE = "session-playbacks";

	public static final String EVENTS_STORE = "session-events";

	public static final String TIMERS_STORE = "session-timers";

	public static final String HISTORY_STORE = "session-history";

	private final Serde<Heartbeat> heartbeatSerde;

	private final Serde<SpecificRecord> outputSerde;

	private final SessionSettings settings;

	private final MeterRegistry meters;

	/**
	 * The topology with its serdes.
	 * @param heartbeatSerde reads the heartbeats topic
	 * @param outputSerde writes sessions and late heartbeats alike (each record carries
	 * its own schema)
	 * @param settings the session clocks and retention
	 * @param meters where the topology's metrics go
	 */
	public SessionTopology(Serde<Heartbeat> heartbeatSerde, Serde<SpecificRecord> outputSerde, SessionSettings settings,
			MeterRegistry meters) {
		this.heartbeatSerde = heartbeatSerde;
		this.outputSerde = outputSerde;
		this.settings = settings;
		this.meters = meters;
	}

	public void build(StreamsBuilder builder) {
		for (String store : new String[] { PLAYBACKS_STORE, TIMERS_STORE, HISTORY_STORE }) {
			// cached: a key written again before the next commit reaches RocksDB and its
			// changelog once
			builder.addStateStore(Stores
				.keyValueStoreBuilder(Stores.persistentKeyValueStore(store), Serdes.String(), Serdes.ByteArray())
				.withCachingEnabled());
		}
		// not cached: a chunk of events is written once and read back only by a refold,
		// so the cache would only hold it until the commit, in the place of playbacks
		// that are read again
		builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(EVENTS_STORE), Serdes.String(),
				Serdes.ByteArray()));
		SessionMetrics metrics = new SessionMetrics(this.meters);
		PlaybackSessions sessions = new PlaybackSessions(this.settings);
		Duration punctuation = Duration.ofMillis(Math.max(100, this.settings.emitInterval().toMillis()));
		builder.stream(Topics.HEARTBEATS, Consumed.with(Serdes.String(), this.heartbeatSerde).withName("heartbeats"))
			.process(() -> new SessionProcessor(sessions, metrics, punctuation, this.settings.historyRetention()),
					Named.as("sessions-by-playback"), PLAYBACKS_STORE, EVENTS_STORE, TIMERS_STORE, HISTORY_STORE)
			// sessions to the sessions topic, beyond-late heartbeats to the late topic,
			// heartbeats against the rules to the dead-letter topic
			.to(SessionTopology::topicOf,
					Produced.with(Serdes.String(), this.outputSerde).withName("sessions-and-late"));
	}

	private static String topicOf(String key, SpecificRecord value, RecordContext context) {
		if (value instanceof ViewingSession) {
			return Topics.SESSIONS;
		}
		return (context.headers().lastHeader(SessionProcessor.DEAD_LETTER_REASON_HEADER) != null)
				? Topics.AGGREGATOR_HEARTBEATS_DEAD_LETTER : Topics.LATE_HEARTBEATS;
	}

}
