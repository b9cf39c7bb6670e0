package dev.playback.aggregator.session.state;

import java.time.Instant;
import java.util.Arrays;

import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * What the state tests and the lifecycle's tests share: a store, events, format-1 state.
 */
public final class StateFixtures {

	/** A base time (epoch ms) for generated events. */
	public static final long T = 1_800_000_000_000L;

	private StateFixtures() {
	}

	/**
	 * Format 1 of a state with no inline events: format 2 without its trailing chunk
	 * bound and (empty) inline run.
	 */
	public static byte[] formatOne(byte[] formatTwo) {
		byte[] bytes = Arrays.copyOf(formatTwo, formatTwo.length - Long.BYTES - 1);
		bytes[0] = 1;
		return bytes;
	}

	public static KeyValueStore<String, byte[]> inMemoryStore() {
		KeyValueStore<String, byte[]> store = Stores
			.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("events-under-test"), Serdes.String(),
					Serdes.ByteArray())
			.withLoggingDisabled()
			.build();
		store.init(new MockProcessorContext<>().getStateStoreContext(), store);
		return store;
	}

	/** A heartbeat every 5 s from {@link #T}. */
	public static Heartbeat event(long seq, String eventId) {
		Instant at = Instant.ofEpochMilli(T + seq * 5_000);
		return Heartbeat.newBuilder()
			.setEventId(eventId)
			.setPlaybackId("pb-1")
			.setSeq(seq)
			.setUserId("user-1")
			.setVideoId("video-1")
			.setType((seq == 0) ? EventType.START : EventType.HEARTBEAT)
			.setPositionMs(seq * 5_000)
			.setEventTime(at)
			.setReceivedAt(at)
			.build();
	}

}
