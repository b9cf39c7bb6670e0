package dev.playback.aggregator.session.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.playback.rules.SessionFold;
import dev.playback.aggregator.session.state.PlaybackState.Part;
import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.HeartbeatSerializer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chunked layout (recent events inline, older ones in chunks) answers as a plain map
 * of seq to event does (but for the event ids, which it does not keep), whatever order
 * events come in and whatever is removed, with the state going through its bytes between
 * steps as it does between records.
 */
class ChunkedEventLogTest {

	static final String PLAYBACK = "user-1 pb-1";

	/** A step on the log: put, remove up to, get or range. */
	record Step(char kind, long a, long b) {
	}

	@Property(tries = 500)
	void answersAsAMapOfSeqToEventDoes(@ForAll("steps") List<Step> steps) {
		KeyValueStore<String, byte[]> store = StateFixtures.inMemoryStore();
		MapEventLog expected = new MapEventLog();
		PlaybackState state = new PlaybackState();
		long removedUpTo = -1;
		for (int i = 0; i < steps.size(); i++) {
			Step step = steps.get(i);
			EventLog log = ChunkedEventLog.of(store, PLAYBACK, state);
			switch (step.kind()) {
				case 'p' -> {
					// as the processor: never an event at or before what was let go
					if (step.a() > removedUpTo) {
						Heartbeat event = StateFixtures.event(step.a(), "e-" + i);
						log.put(event);
						expected.put(event);
					}
				}
				case 'r' -> {
					log.removeUpTo(step.a());
					expected.removeUpTo(step.a());
					removedUpTo = Math.max(removedUpTo, step.a());
				}
				case 'g' ->
					assertThat(log.get(step.a())).as("get %d", step.a()).isEqualTo(withoutId(expected.get(step.a())));
				default -> assertThat(log.range(step.a(), step.b())).as("range %d..%d", step.a(), step.b())
					.isEqualTo(withoutIds(expected.range(step.a(), step.b())));
			}
			state = PlaybackState.fromBytes(state.toBytes());
			assertThat(ChunkedEventLog.of(store, PLAYBACK, state).range(0, Long.MAX_VALUE))
				.isEqualTo(withoutIds(expected.range(0, Long.MAX_VALUE)));
			assertThat((state.recent != null) ? state.recent.size() : 0).isLessThan(ChunkedEventLog.CHUNK_EVENTS);
		}
		if (expected.events.isEmpty()) {
			assertThat(state.recent).isNull();
			assertThat(keys(store)).as("nothing left behind once everything is removed").isEmpty();
		}
	}

	@Example
	void inOrderEventsAreWrittenToTheStoreOnceAChunkIsFull() {
		KeyValueStore<String, byte[]> store = StateFixtures.inMemoryStore();
		PlaybackState state = new PlaybackState();
		for (long seq = 0; seq < 20; seq++) {
			ChunkedEventLog.of(store, PLAYBACK, state).put(StateFixtures.event(seq, "e"));
		}
		assertThat(keys(store)).containsExactly(StoreKeys.event(PLAYBACK, 7), StoreKeys.event(PLAYBACK, 15));
		assertThat(inline(state)).containsExactly(16L, 17L, 18L, 19L);
		assertThat(state.chunkedUpTo).isEqualTo(15);
	}

	@Example
	void aStateWrittenWithItsEventsApartHasThemMovedIntoChunks() {
		KeyValueStore<String, byte[]> store = StateFixtures.inMemoryStore();
		List<Heartbeat> events = new ArrayList<>();
		for (long seq = 0; seq < 10; seq++) {
			Heartbeat event = StateFixtures.event(seq, "e-" + seq);
			events.add(event);
			// format 1: each event its own record, the Avro binary keyed by its seq
			store.put(StoreKeys.event(PLAYBACK, seq), HeartbeatSerializer.avroBinary(event));
		}
		PlaybackState before = new PlaybackState();
		before.parts.add(new Part(1, SessionFold.startingWith(events.get(0))));
		events.subList(1, 10).forEach(before.parts.get(0).fold::apply);
		PlaybackState state = PlaybackState.fromBytes(StateFixtures.formatOne(before.toBytes()));
		assertThat(state.eventsApart).isTrue();

		EventLog log = ChunkedEventLog.of(store, PLAYBACK, state);

		assertThat(state.eventsApart).isFalse();
		assertThat(log.range(0, Long.MAX_VALUE)).isEqualTo(withoutIds(events));
		assertThat(keys(store)).containsExactly(StoreKeys.event(PLAYBACK, 7));
		assertThat(inline(state)).containsExactly(8L, 9L);
		assertThat(PlaybackState.fromBytes(state.toBytes()).appliedSeq()).isEqualTo(9);
	}

	private static List<Long> inline(PlaybackState state) {
		List<Heartbeat> events = new ArrayList<>();
		state.recent.addRange(0, Long.MAX_VALUE, "user-1", "pb-1", events);
		return events.stream().map(Heartbeat::getSeq).toList();
	}

	static Heartbeat withoutId(Heartbeat event) {
		return (event != null) ? Heartbeat.newBuilder(event).setEventId("").build() : null;
	}

	static List<Heartbeat> withoutIds(List<Heartbeat> events) {
		return events.stream().map(ChunkedEventLogTest::withoutId).toList();
	}

	@Provide
	Arbitrary<List<Step>> steps() {
		Arbitrary<Long> seqs = Arbitraries.longs().between(0, 60);
		Arbitrary<Step> put = seqs.map((seq) -> new Step('p', seq, 0));
		Arbitrary<Step> remove = seqs.map((seq) -> new Step('r', seq, 0));
		Arbitrary<Step> get = seqs.map((seq) -> new Step('g', seq, 0));
		Arbitrary<Step> range = Combinators.combine(seqs, seqs)
			.as((a, b) -> new Step('x', Math.min(a, b), Math.max(a, b)));
		return Arbitraries.frequencyOf(Tuple.of(12, put), Tuple.of(1, remove), Tuple.of(3, get), Tuple.of(2, range))
			.list()
			.ofMaxSize(120);
	}

	private static List<String> keys(KeyValueStore<String, byte[]> store) {
		List<String> keys = new ArrayList<>();
		try (KeyValueIterator<String, byte[]> all = store.all()) {
			all.forEachRemaining((KeyValue<String, byte[]> entry) -> keys.add(entry.key));
		}
		return keys;
	}

}
