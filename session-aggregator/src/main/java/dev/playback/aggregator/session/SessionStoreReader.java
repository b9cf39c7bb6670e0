package dev.playback.aggregator.session;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.playback.schemas.ViewingSession;
import dev.playback.aggregator.session.state.PlaybackState;
import dev.playback.aggregator.session.state.StoreKeys;
import dev.playback.aggregator.session.state.AvroBytes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * A user's sessions as the topology's stores hold them: the live ones from their folds
 * (so a read sees every applied event, not just the last coalesced emission) and the
 * final ones from the history. For the read APIs, on the instance that holds the user.
 */
public final class SessionStoreReader {

	private static final StringSerializer KEYS = new StringSerializer();

	private final AvroBytes<ViewingSession> sessionBytes = new AvroBytes<>(ViewingSession.getClassSchema());

	/**
	 * Every session of {@code userId}, newest first (by start), emptied parts left out.
	 */
	public synchronized List<ViewingSession> sessionsOf(String userId, ReadOnlyKeyValueStore<String, byte[]> playbacks,
			ReadOnlyKeyValueStore<String, byte[]> history) {
		List<ViewingSession> sessions = new ArrayList<>();
		String prefix = StoreKeys.userPrefix(userId);
		try (KeyValueIterator<String, byte[]> live = playbacks.prefixScan(prefix, KEYS)) {
			while (live.hasNext()) {
				PlaybackState state = PlaybackState.fromBytes(live.next().value);
				for (PlaybackState.Part part : state.parts) {
					sessions.add(ViewingSessionMapper.record(part));
				}
			}
		}
		try (KeyValueIterator<String, byte[]> done = history.prefixScan(prefix, KEYS)) {
			done.forEachRemaining(
					(KeyValue<String, byte[]> entry) -> sessions.add(this.sessionBytes.read(entry.value)));
		}
		sessions.removeIf((session) -> session.getEventCount() == 0);
		sessions.sort(Comparator.comparing(ViewingSession::getStartedAt)
			.thenComparing(ViewingSession::getSessionId)
			.reversed());
		return sessions;
	}

}
