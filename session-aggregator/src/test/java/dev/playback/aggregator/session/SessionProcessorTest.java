package dev.playback.aggregator.session;

import java.time.Duration;
import java.time.Instant;

import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.ViewingSession;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a task counts when it starts on a store that already holds sessions (after a
 * restart or a rebalance): the open sessions gauge starts from the store, not from zero,
 * and a task that closes takes its count with it.
 */
class SessionProcessorTest {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final SessionMetrics metrics = new SessionMetrics(this.meters);

	private final MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>();

	SessionProcessorTest() {
		this.context.setCurrentSystemTimeMs(SessionTopologyTest.T0.toEpochMilli());
		for (String name : new String[] { SessionTopology.PLAYBACKS_STORE, SessionTopology.EVENTS_STORE,
				SessionTopology.TIMERS_STORE, SessionTopology.HISTORY_STORE }) {
			KeyValueStore<String, byte[]> store = Stores
				.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
				.withLoggingDisabled()
				.build();
			store.init(this.context.getStateStoreContext(), store);
			this.context.addStateStore(store);
		}
	}

	@Test
	void aTaskStartingOnAStoreCountsTheOpenSessionsInIt() {
		SessionProcessor first = processor();
		first.init(this.context);
		for (String playback : new String[] { "pb-1", "pb-2", "pb-3" }) {
			first.process(record(SessionTopologyTest.content(playback, 0, EventType.START, 0, 0)));
		}
		first.process(record(SessionTopologyTest.content("pb-3", 1, EventType.HEARTBEAT, 3_700, 3_700_000)));
		assertThat(openSessions()).as("pb-3's first session closed by its second").isEqualTo(3);
		first.close();
		assertThat(openSessions()).as("a closed task counts nothing").isZero();

		SessionProcessor second = processor();
		second.init(this.context);
		assertThat(openSessions()).as("counted from the store").isEqualTo(3);
		second.close();
	}

	/**
	 * The service's own clock stepped back 10 s (an NTP correction) while a session waits
	 * for its close: the task's timer clock never goes back, so the session closes
	 * neither early nor twice, once its grace after the STOP has passed on the clock as
	 * it was.
	 */
	@Test
	void aWallClockSteppedBackClosesNothingEarlyAndNothingTwice() {
		SessionProcessor processor = processor();
		processor.init(this.context);
		Instant start = SessionTopologyTest.T0;
		processor.process(record(SessionTopologyTest.content("pb", 0, EventType.START, 0, 0)));
		processor.process(record(SessionTopologyTest.content("pb", 1, EventType.HEARTBEAT, 5, 5_000)));
		processor.process(record(SessionTopologyTest.content("pb", 2, EventType.STOP, 10, 10_000)));
		Punctuator wallClock = this.context.scheduledPunctuators()
			.stream()
			.filter((punctuator) -> punctuator.getType() == PunctuationType.WALL_CLOCK_TIME)
			.findFirst()
			.orElseThrow()
			.getPunctuator();
		this.context.resetForwards();

		tick(wallClock, start.plusSeconds(40));
		// stepped back 10 s, then on again second by second
		for (int second = 30; second < 70; second++) {
			tick(wallClock, start.plusSeconds(second));
			assertThat(closedRevisions()).as("closed at %d s, before the STOP's 60 s grace", second).isZero();
		}
		for (int second = 70; second <= 75; second++) {
			tick(wallClock, start.plusSeconds(second));
		}
		assertThat(closedRevisions()).as("closed once").isOne();
		processor.close();
	}

	private void tick(Punctuator punctuator, Instant wall) {
		this.context.setCurrentSystemTimeMs(wall.toEpochMilli());
		punctuator.punctuate(wall.toEpochMilli());
	}

	private long closedRevisions() {
		return this.context.forwarded()
			.stream()
			.map((forward) -> forward.record().value())
			.filter((value) -> value instanceof ViewingSession session && session.getClosed())
			.count();
	}

	private SessionProcessor processor() {
		return new SessionProcessor(new PlaybackSessions(SessionSettings.contract()), this.metrics,
				Duration.ofSeconds(1), Duration.ofDays(1));
	}

	private Record<String, Heartbeat> record(Heartbeat event) {
		Instant at = event.getEventTime();
		this.context.setCurrentStreamTimeMs(at.toEpochMilli());
		this.context.setCurrentSystemTimeMs(at.toEpochMilli());
		return new Record<>(event.getUserId(), event, at.toEpochMilli());
	}

	private double openSessions() {
		return this.meters.get("sessions.open").gauge().value();
	}

}
