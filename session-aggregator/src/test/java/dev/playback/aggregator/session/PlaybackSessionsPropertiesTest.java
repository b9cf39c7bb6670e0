package dev.playback.aggregator.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

import dev.playback.rules.Playbacks;
import dev.playback.rules.SessionRules;
import dev.playback.rules.SessionSummary;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.ViewingSession;
import dev.playback.aggregator.session.state.StateFixtures;
import dev.playback.aggregator.session.state.PlaybackState;
import dev.playback.aggregator.session.state.ChunkedEventLog;
import dev.playback.aggregator.session.state.EventLog;
import dev.playback.aggregator.session.state.MapEventLog;
import dev.playback.aggregator.session.state.StoreKeys;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.streams.state.KeyValueStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The promise of docs/contract.md section 5 for the stateful part: whatever order events
 * arrive in, however often, with whatever waits between them (within the revision
 * window), the last revision of every session equals what the rules give for the events
 * in seq order.
 */
class PlaybackSessionsPropertiesTest {

	static final long T = 1_800_000_000_000L;

	final PlaybackSessions sessions = new PlaybackSessions(SessionSettings.contract());

	@Property(tries = 400)
	void anyArrivalOrderGivesTheSessionsOfTheRules(@ForAll("playbacks") List<Heartbeat> events, @ForAll long seed) {
		MapEventLog log = new MapEventLog();
		assertArrivalOrderDoesNotMatter(events, seed, (state) -> log);
	}

	/**
	 * The same with the events kept as the topology keeps them: the recent ones inline in
	 * the state (which goes through its bytes between events), the older ones in chunks.
	 */
	@Property(tries = 400)
	void anyArrivalOrderGivesTheSessionsOfTheRulesWithEventsInChunks(@ForAll("playbacks") List<Heartbeat> events,
			@ForAll long seed) {
		KeyValueStore<String, byte[]> store = StateFixtures.inMemoryStore();
		String key = StoreKeys.playback(events.get(0).getUserId(), events.get(0).getPlaybackId());
		assertArrivalOrderDoesNotMatter(events, seed, (state) -> ChunkedEventLog.of(store, key, state));
		assertThat(store.approximateNumEntries()).as("no chunk left behind by sessions let go").isZero();
	}

	private void assertArrivalOrderDoesNotMatter(List<Heartbeat> events, long seed,
			Function<PlaybackState, EventLog> logs) {
		Random random = new Random(seed);
		List<Heartbeat> delivered = new ArrayList<>(events);
		for (int i = 0; i < events.size() / 4; i++) {
			delivered.add(events.get(random.nextInt(events.size())));
		}
		Collections.shuffle(delivered, random);

		PlaybackState state = new PlaybackState();
		List<ViewingSession> emitted = new ArrayList<>();
		long now = T;
		int pauses = 0;
		for (Heartbeat event : delivered) {
			// mostly close together, now and then a pause long enough to close sessions
			// (but
			// all within the revision window)
			boolean pause = pauses < 5 && random.nextInt(20) == 0;
			pauses += pause ? 1 : 0;
			now += pause ? Duration.ofMinutes(31).toMillis() : random.nextInt(3_000);
			tick(state, logs.apply(state), now, emitted);
			PlaybackSessions.Changes changes = new PlaybackSessions.Changes();
			this.sessions.accept(state, event, now, logs.apply(state), changes);
			emitted.addAll(changes.emitted);
			// between events the state lives in the store, as bytes
			byte[] bytes = state.toBytes();
			state = PlaybackState.fromBytes(bytes);
			assertThat(state.toBytes()).as("the state read back writes the same bytes").isEqualTo(bytes);
		}
		tick(state, logs.apply(state), now + Duration.ofHours(1).toMillis(), emitted);
		tick(state, logs.apply(state), now + Duration.ofHours(8).toMillis(), emitted);
		assertThat(state.parts).as("every session let go after the revision window").isEmpty();

		Map<String, ViewingSession> latest = new HashMap<>();
		for (ViewingSession session : emitted) {
			ViewingSession before = latest.get(session.getSessionId());
			if (before != null) {
				assertThat(session.getRevision()).as("revisions of %s grow", session.getSessionId())
					.isGreaterThan(before.getRevision());
			}
			latest.put(session.getSessionId(), session);
		}
		List<SessionSummary> expected = SessionRules.sessions(events);
		for (SessionSummary summary : expected) {
			ViewingSession actual = latest.remove(summary.sessionId());
			assertThat(actual).as(summary.sessionId()).isNotNull();
			assertThat(SessionViews.of(actual)).isEqualTo(SessionViews.of(summary));
			assertThat(actual.getClosed()).isTrue();
		}
		assertThat(latest.values()).as("parts that a late event joined to another are emptied")
			.allSatisfy((rest) -> assertThat(rest.getEventCount()).isZero());
	}

	@Example
	void eventsInSeqOrderAreNotLookedUpInTheEventLogButDuplicatesAreFound() {
		PlaybackState state = new PlaybackState();
		CountingEventLog log = new CountingEventLog();
		for (int seq = 0; seq < 5; seq++) {
			assertThat(accept(state, log, seq)).isEqualTo(PlaybackSessions.Outcome.APPLIED);
		}
		assertThat(log.lookups).as("nothing buffered, each event after the applied ones").isZero();

		assertThat(accept(state, log, 3)).isEqualTo(PlaybackSessions.Outcome.DUPLICATE);
		assertThat(accept(state, log, 7)).isEqualTo(PlaybackSessions.Outcome.BUFFERED);
		assertThat(accept(state, log, 7)).as("a buffered event sent again")
			.isEqualTo(PlaybackSessions.Outcome.DUPLICATE);
		assertThat(accept(state, log, 5)).isEqualTo(PlaybackSessions.Outcome.APPLIED);
		assertThat(log.lookups).isEqualTo(4);
		assertThat(state.appliedSeq()).isEqualTo(5);
	}

	private PlaybackSessions.Outcome accept(PlaybackState state, EventLog log, long seq) {
		Heartbeat event = StateFixtures.event(seq, "e-" + seq);
		return this.sessions.accept(state, event, T + seq * 5_000, log, new PlaybackSessions.Changes());
	}

	/** The timers that are due by {@code now}, as the punctuation fires them. */
	private void tick(PlaybackState state, EventLog log, long now, List<ViewingSession> emitted) {
		PlaybackSessions.Changes changes = new PlaybackSessions.Changes();
		this.sessions.advance(state, now, log, changes);
		emitted.addAll(changes.emitted);
	}

	@Provide
	Arbitrary<List<Heartbeat>> playbacks() {
		return Playbacks.any();
	}

	/** A {@link MapEventLog} that counts its lookups by seq. */
	static final class CountingEventLog extends MapEventLog {

		int lookups;

		@Override
		public Heartbeat get(long seq) {
			this.lookups++;
			return super.get(seq);
		}

	}

	/** The events of one playback in a map, as the events store holds them. */

}
