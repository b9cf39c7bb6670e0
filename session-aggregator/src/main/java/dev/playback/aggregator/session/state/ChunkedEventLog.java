package dev.playback.aggregator.session.state;

import java.util.ArrayList;
import java.util.List;

import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.HeartbeatDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One playback's events: the recent ones inline in its {@link PlaybackState}, the older
 * ones in the events store in chunks of {@value #CHUNK_EVENTS}, both as compact
 * {@link EventRun}s. A heartbeat then writes one store record (its playback's state,
 * which it writes anyway) instead of two, and one chunk per {@value #CHUNK_EVENTS}
 * heartbeats; the refold of an out-of-order event, the only reader of older events, reads
 * a few chunks instead of one record per event.
 * <p>
 * Layout: every seq up to {@link PlaybackState#chunkedUpTo} is in at most one chunk,
 * every later one in {@link PlaybackState#recent}. A chunk is keyed by its playback and
 * its <em>last</em> seq ({@link StoreKeys#event}), so the chunk that holds or would hold
 * a seq is the first one at or after that seq's key; an event that comes after its chunk
 * was written (it was late, or behind a gap) is put into that chunk, which keeps its key.
 */
public final class ChunkedEventLog implements EventLog {

	/** Events per chunk: the inline run holds at most one fewer. */
	public static final int CHUNK_EVENTS = 8;

	private final KeyValueStore<String, byte[]> store;

	private final String playbackKey;

	private final PlaybackState state;

	private String userId;

	private String playbackId;

	private ChunkedEventLog(KeyValueStore<String, byte[]> store, String playbackKey, PlaybackState state) {
		this.store = store;
		this.playbackKey = playbackKey;
		this.state = state;
	}

	/**
	 * The log of a playback's state. A state written before events were kept in chunks
	 * (format 1) has them in the store one record each, the Avro binary keyed by seq:
	 * they are moved into this layout first, once (those records are in version 1 of the
	 * heartbeat schema).
	 */
	public static ChunkedEventLog of(KeyValueStore<String, byte[]> store, String playbackKey, PlaybackState state) {
		ChunkedEventLog log = new ChunkedEventLog(store, playbackKey, state);
		if (state.eventsApart) {
			List<KeyValue<String, byte[]>> apart = new ArrayList<>();
			try (KeyValueIterator<String, byte[]> events = store.range(log.key(0), log.key(Long.MAX_VALUE))) {
				events.forEachRemaining(apart::add);
			}
			state.eventsApart = false;
			apart.forEach((event) -> store.delete(event.key));
			apart.forEach((event) -> log.put(HeartbeatDeserializer.fromVersion1AvroBinary(event.value)));
		}
		return log;
	}

	@Override
	public Heartbeat get(long seq) {
		if (seq > this.state.chunkedUpTo) {
			return (this.state.recent != null) ? this.state.recent.get(seq, userId(), playbackId()) : null;
		}
		KeyValue<String, byte[]> chunk = chunkHolding(seq);
		return (chunk != null) ? EventRun.fromBytes(chunk.value).get(seq, userId(), playbackId()) : null;
	}

	@Override
	public void put(Heartbeat event) {
		long seq = event.getSeq();
		if (seq > this.state.chunkedUpTo) {
			if (this.state.recent == null) {
				this.state.recent = EventRun.referring(event);
			}
			EventRun recent = this.state.recent;
			recent.put(event);
			if (recent.size() >= CHUNK_EVENTS) {
				this.store.put(key(recent.lastSeq()), recent.toBytes());
				this.state.chunkedUpTo = recent.lastSeq();
				this.state.recent = null;
			}
			return;
		}
		KeyValue<String, byte[]> held = chunkHolding(seq);
		EventRun chunk = (held != null) ? EventRun.fromBytes(held.value) : EventRun.referring(event);
		chunk.put(event);
		// a chunk that every other one ends before gets its own key, still at or before
		// chunkedUpTo
		this.store.put((held != null) ? held.key : key(seq), chunk.toBytes());
	}

	@Override
	public List<Heartbeat> range(long from, long to) {
		List<Heartbeat> result = new ArrayList<>();
		if (from <= this.state.chunkedUpTo) {
			try (KeyValueIterator<String, byte[]> chunks = this.store.range(key(from), key(this.state.chunkedUpTo))) {
				while (chunks.hasNext()) {
					EventRun chunk = EventRun.fromBytes(chunks.next().value);
					chunk.addRange(from, to, userId(), playbackId(), result);
					if (chunk.lastSeq() >= to) {
						return result;
					}
				}
			}
		}
		if (this.state.recent != null) {
			this.state.recent.addRange(from, to, userId(), playbackId(), result);
		}
		return result;
	}

	@Override
	public void removeUpTo(long to) {
		if (this.state.recent != null) {
			this.state.recent.removeUpTo(to);
			if (this.state.recent.isEmpty()) {
				this.state.recent = null;
			}
		}
		if (this.state.chunkedUpTo < 0) {
			return;
		}
		List<String> emptied = new ArrayList<>();
		KeyValue<String, byte[]> straddling = null;
		try (KeyValueIterator<String, byte[]> chunks = this.store.range(key(0), key(this.state.chunkedUpTo))) {
			while (chunks.hasNext()) {
				KeyValue<String, byte[]> chunk = chunks.next();
				if (StoreKeys.eventSeq(chunk.key) <= to) {
					emptied.add(chunk.key);
				}
				else {
					straddling = chunk;
					break;
				}
			}
		}
		emptied.forEach(this.store::delete);
		if (straddling != null) {
			EventRun chunk = EventRun.fromBytes(straddling.value);
			if (chunk.removeUpTo(to)) {
				this.store.put(straddling.key, chunk.toBytes());
			}
		}
	}

	/**
	 * The chunk that holds {@code seq} if any does: the first one ending at or after it.
	 */
	private KeyValue<String, byte[]> chunkHolding(long seq) {
		try (KeyValueIterator<String, byte[]> chunks = this.store.range(key(seq), key(this.state.chunkedUpTo))) {
			return chunks.hasNext() ? chunks.next() : null;
		}
	}

	private String key(long seq) {
		return StoreKeys.event(this.playbackKey, seq);
	}

	private String userId() {
		if (this.userId == null) {
			this.userId = StoreKeys.userOf(this.playbackKey);
		}
		return this.userId;
	}

	private String playbackId() {
		if (this.playbackId == null) {
			this.playbackId = StoreKeys.playbackOf(this.playbackKey);
		}
		return this.playbackId;
	}

}
