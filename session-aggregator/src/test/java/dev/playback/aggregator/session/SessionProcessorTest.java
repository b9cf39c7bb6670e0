package dev.playback.aggregator.session;

import java.time.Duration;
import java.time.Instant;

import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
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
