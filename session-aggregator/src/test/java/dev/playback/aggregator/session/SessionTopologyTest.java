package dev.playback.aggregator.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.playback.rules.SessionRules;
import dev.playback.schemas.AdInfo;
import dev.playback.schemas.DailyPlay;
import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.HeartbeatSerializer;
import dev.playback.schemas.Segment;
import dev.playback.schemas.Topics;
import dev.playback.schemas.ViewingSession;
import dev.playback.aggregator.session.state.MapEventLog;
import dev.playback.aggregator.session.state.StateFixtures;
import dev.playback.aggregator.session.state.PlaybackState;
import dev.playback.aggregator.session.state.ChunkedEventLog;
import dev.playback.aggregator.session.state.StoreKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session topology on TopologyTestDriver: arrival time is the record timestamp (when
 * ingest received the event) and the driver's wall clock; event time is the player's.
 */
class SessionTopologyTest {

	static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

	TopologyTestDriver driver;

	TestInputTopic<String, Heartbeat> heartbeats;

	TestOutputTopic<String, ViewingSession> sessions;

	TestOutputTopic<String, Heartbeat> late;

	SimpleMeterRegistry meters = new SimpleMeterRegistry();

	/** Arrival clock: record timestamps and the driver's wall clock move together. */
	Instant now = T0;

	@BeforeEach
	void setUp() {
		Serde<Heartbeat> heartbeatSerde = PlainAvroSerde.of(Heartbeat.getClassSchema());
		Serde<ViewingSession> sessionSerde = PlainAvroSerde.of(ViewingSession.getClassSchema());
		StreamsBuilder builder = new StreamsBuilder();
		new SessionTopology(heartbeatSerde, PlainAvroSerde.anyRecord(), SessionSettings.contract(), this.meters)
			.build(builder);
		Properties config = new Properties();
		config.put(StreamsConfig.APPLICATION_ID_CONFIG, "session-topology-test");
		this.driver = new TopologyTestDriver(builder.build(), config, T0);
		this.heartbeats = this.driver.createInputTopic(Topics.HEARTBEATS, new StringSerializer(),
				heartbeatSerde.serializer());
		this.sessions = this.driver.createOutputTopic(Topics.SESSIONS, new StringDeserializer(),
				sessionSerde.deserializer());
		this.late = this.driver.createOutputTopic(Topics.LATE_HEARTBEATS, new StringDeserializer(),
				heartbeatSerde.deserializer());
	}

	@AfterEach
	void tearDown() {
		this.driver.close();
	}

	@Test
	void firstEventEmitsTheFullSessionKeyedBySessionId() {
		send(content("pb-1", 0, EventType.START, 0, 0));

		List<TestRecord<String, ViewingSession>> out = this.sessions.readRecordsToList();
		assertThat(out).hasSize(1);
		assertThat(out.get(0).key()).isEqualTo("pb-1");
		ViewingSession session = out.get(0).value();
		assertThat(session.getRevision()).isEqualTo(1);
		assertThat(session.getUserId()).isEqualTo("user-1");
		assertThat(session.getVideoId()).isEqualTo("video-1");
		assertThat(session.getStartedAt()).isEqualTo(T0);
		assertThat(session.getClosed()).isFalse();
	}

	@Test
	void eventsAreAppliedInSeqOrderWhateverOrderTheyArriveIn() {
		send(content("pb", 0, EventType.START, 0, 0));
		send(content("pb", 2, EventType.HEARTBEAT, 10, 10_000));
		send(content("pb", 1, EventType.HEARTBEAT, 5, 5_000));
		wait(Duration.ofSeconds(1));

		ViewingSession last = lastSession();
		assertThat(last.getPlayedMs()).isEqualTo(10_000);
		assertThat(last.getSegments()).containsExactly(new Segment(0L, 10_000L));
		assertThat(last.getLastPositionMs()).isEqualTo(10_000);
		assertThat(counted("buffered")).isEqualTo(1);
	}

	@Test
	void eventsBehindALostOneAreAppliedOnceTheReorderWindowEnds() {
		send(content("pb", 0, EventType.START, 0, 0));
		send(content("pb", 1, EventType.HEARTBEAT, 5, 5_000));
		wait(Duration.ofSeconds(1));
		this.sessions.readRecordsToList();
		send(content("pb", 3, EventType.HEARTBEAT, 15, 15_000));
		wait(Duration.ofSeconds(1));
		assertThat(this.sessions.isEmpty()).as("waiting for seq 2").isTrue();

		wait(Duration.ofSeconds(2));
		ViewingSession session = lastSession();
		assertThat(session.getLastPositionMs()).isEqualTo(15_000);
		assertThat(session.getPlayedMs()).as("5..15 s is 10 s of playhead in 10 s, credited").isEqualTo(15_000);
		assertThat(session.getEventCount()).isEqualTo(3);
	}

	@Test
	void aMissingEventThatComesAfterAllIsFoldedInAgainExactly() {
		send(content("pb", 0, EventType.START, 0, 0));
		send(content("pb", 1, EventType.HEARTBEAT, 5, 5_000));
		// a seek without fromPositionMs credits nothing between the event before it and
		// it
		send(content("pb", 3, EventType.SEEK, 12, 60_000));
		send(content("pb", 4, EventType.HEARTBEAT, 17, 65_000));
		wait(Duration.ofSeconds(5));
		assertThat(lastSession().getSegments()).containsExactly(new Segment(0L, 5_000L), new Segment(60_000L, 65_000L));

		send(content("pb", 2, EventType.HEARTBEAT, 10, 10_000));
		wait(Duration.ofSeconds(1));
		ViewingSession session = lastSession();
		assertThat(session.getSegments()).containsExactly(new Segment(0L, 10_000L), new Segment(60_000L, 65_000L));
		assertThat(session.getPlayedMs()).isEqualTo(15_000);
		assertThat(session.getEventCount()).isEqualTo(5);
		assertThat(counted("refolded")).isEqualTo(1);
	}

	@Test
	void duplicatesChangeNothing() {
		Heartbeat start = content("pb", 0, EventType.START, 0, 0);
		Heartbeat beat = content("pb", 1, EventType.HEARTBEAT, 5, 5_000);
		send(start);
		wait(Duration.ofSeconds(2));
		send(beat);
		wait(Duration.ofSeconds(2));
		send(beat);
		send(start);
		wait(Duration.ofSeconds(2));

		List<ViewingSession> out = this.sessions.readValuesToList();
		assertThat(out).extracting(ViewingSession::getRevision).containsExactly(1L, 2L);
		assertThat(out.get(1).getPlayedMs()).isEqualTo(5_000);
		assertThat(out.get(1).getEventCount()).isEqualTo(2);
		assertThat(counted("duplicate")).isEqualTo(2);
	}

	@Test
	void updatesOfOneSessionAreCoalescedToOnePerSecond() {
		for (int seq = 0; seq < 5; seq++) {
			send(content("pb", seq, (seq == 0) ? EventType.START : EventType.HEARTBEAT, seq, seq * 1_000L));
			wait(Duration.ofMillis(150));
		}
		assertThat(this.sessions.readValuesToList()).as("the first change goes out at once, the rest wait")
			.extracting(ViewingSession::getRevision)
			.containsExactly(1L);

		wait(Duration.ofSeconds(1));
		List<ViewingSession> out = this.sessions.readValuesToList();
		assertThat(out).extracting(ViewingSession::getRevision).containsExactly(2L);
		assertThat(out.get(0).getEventCount()).isEqualTo(5);
	}

	@Test
	void aSessionClosesSixtySecondsAfterItsStop() {
		send(content("pb", 0, EventType.START, 0, 0));
		send(content("pb", 1, EventType.STOP, 5, 5_000));
		wait(Duration.ofSeconds(58));
		assertThat(this.sessions.readValuesToList()).noneMatch(ViewingSession::getClosed);

		wait(Duration.ofSeconds(3));
		ViewingSession closed = lastSession();
		assertThat(closed.getClosed()).isTrue();
		assertThat(closed.getPlayedMs()).isEqualTo(5_000);
	}

	@Test
	void thirtyMinutesWithoutEventsCloseTheSessionAndTheNextEventsStartTheNextOne() {
		send(content("pb", 0, EventType.START, 0, 0));
		send(content("pb", 1, EventType.PAUSE, 5, 5_000));
		wait(Duration.ofMinutes(29));
		assertThat(this.sessions.readValuesToList()).noneMatch(ViewingSession::getClosed);
		wait(Duration.ofMinutes(1).plusSeconds(2));
		assertThat(lastSession().getClosed()).isTrue();

		send(content("pb", 2, EventType.RESUME, 5 + 1800 + 60, 5_000));
		send(content("pb", 3, EventType.HEARTBEAT, 5 + 1800 + 65, 10_000));
		wait(Duration.ofSeconds(2));
		ViewingSession next = lastSession();
		assertThat(next.getSessionId()).isEqualTo("pb~2");
		assertThat(next.getPlayedMs()).isEqualTo(5_000);
		assertThat(next.getClosed()).isFalse();
	}

	@Test
	void aLateEventWithinSixHoursRevisesTheClosedSession() {
		send(content("pb", 0, EventType.START, 0, 0));
		send(content("pb", 2, EventType.HEARTBEAT, 40, 40_000));
		send(content("pb", 3, EventType.STOP, 42, 42_000));
		wait(Duration.ofMinutes(2));
		ViewingSession closed = lastSession();
		assertThat(closed.getClosed()).isTrue();
		assertThat(closed.getPlayedMs()).as("40 s between two events is more than one step").isEqualTo(2_000);

		wait(Duration.ofHours(5));
		send(content("pb", 1, EventType.HEARTBEAT, 20, 20_000));
		ViewingSession revised = lastSession();
		assertThat(revised.getRevision()).isEqualTo(closed.getRevision() + 1);
		assertThat(revised.getPlayedMs()).isEqualTo(42_000);
		assertThat(revised.getClosed()).isTrue();
	}

	@Test
	void heartbeatsAgainstTheRulesGoToTheDeadLetterTopicWithTheReasonAndTheRestGoesOn() {
		TestOutputTopic<String, Heartbeat> deadLetters = this.driver.createOutputTopic(
				Topics.AGGREGATOR_HEARTBEATS_DEAD_LETTER, new StringDeserializer(),
				PlainAvroSerde.<Heartbeat>of(Heartbeat.getClassSchema()).deserializer());
		Heartbeat backwards = content("pb", 0, EventType.START, 0, -5_000);
		Heartbeat adWithoutAd = content("pb", 1, EventType.AD_START, 1, 0);
		Heartbeat badId = content("pb/../x", 0, EventType.START, 0, 0);
		send(backwards);
		send(adWithoutAd);
		send(badId);
		send(content("pb", 0, EventType.START, 2, 0));

		List<TestRecord<String, Heartbeat>> dead = deadLetters.readRecordsToList();
		assertThat(dead).extracting(TestRecord::value).containsExactly(backwards, adWithoutAd, badId);
		assertThat(dead).extracting(
				(record) -> new String(record.headers().lastHeader(SessionProcessor.DEAD_LETTER_REASON_HEADER).value()))
			.containsExactly("positionMs must not be negative", "ad is required for AD_* events and absent otherwise",
					"playbackId, userId and videoId must be 1 to 64 characters of A-Z a-z 0-9 . _ : -");
		assertThat(this.late.isEmpty()).isTrue();
		assertThat(this.sessions.readValuesToList()).singleElement()
			.satisfies((session) -> assertThat(session.getEventCount()).as("only the valid START").isEqualTo(1));
		assertThat(this.meters.counter("sessions.events.deadlettered").count()).isEqualTo(3);
	}

	@Test
	void eventsLaterThanSixHoursGoToTheLateTopicWithTheReason() {
		send(content("pb", 0, EventType.START, 0, 0));
		send(content("pb", 2, EventType.STOP, 10, 10_000));
		wait(Duration.ofHours(6).plusMinutes(5));
		List<ViewingSession> before = this.sessions.readValuesToList();
		assertThat(before).last().extracting(ViewingSession::getClosed).isEqualTo(true);

		Heartbeat missing = content("pb", 1, EventType.HEARTBEAT, 5, 5_000);
		send(missing);
		wait(Duration.ofSeconds(2));
		assertThat(this.sessions.isEmpty()).isTrue();
		TestRecord<String, Heartbeat> routed = this.late.readRecord();
		assertThat(routed.value()).isEqualTo(missing);
		assertThat(new String(routed.headers().lastHeader(SessionProcessor.LATE_REASON_HEADER).value()))
			.contains("final");
		assertThat(counted("late")).isEqualTo(1);
		assertThat(this.driver.getKeyValueStore(SessionTopology.EVENTS_STORE).approximateNumEntries())
			.as("events of a final session are dropped")
			.isZero();
	}

	@Test
	void aLongPlaybackKeepsItsEventsInChunksAndAnOlderEventFoldsThemAgainExactly() {
		List<Heartbeat> events = new ArrayList<>();
		events.add(content("pb", 0, EventType.START, 0, 0));
		for (int seq = 1; seq <= 20; seq++) {
			// paused from seq 7 to 9
			events.add(content("pb", seq,
					(seq == 7) ? EventType.PAUSE : (seq == 9) ? EventType.RESUME : EventType.HEARTBEAT, seq * 5,
					((seq <= 7) ? seq : Math.max(7, seq - 2)) * 5_000L));
		}
		for (Heartbeat event : events) {
			if (event.getSeq() != 3) {
				send(event);
				wait(Duration.ofSeconds(5));
			}
		}
		KeyValueStore<String, byte[]> stored = this.driver.getKeyValueStore(SessionTopology.EVENTS_STORE);
		assertThat(chunkKeys(stored)).as("a chunk per %d events", ChunkedEventLog.CHUNK_EVENTS)
			.containsExactly(StoreKeys.event("user-1 pb", 8), StoreKeys.event("user-1 pb", 16));

		// seq 3 comes after the reorder window: the session is folded again from all 21
		send(events.get(3));
		wait(Duration.ofMinutes(1));

		assertThat(SessionViews.of(lastSession())).isEqualTo(SessionViews.of(SessionRules.sessions(events).get(0)));
		assertThat(counted("refolded")).isEqualTo(1);
		wait(Duration.ofHours(7));
		assertThat(chunkKeys(stored)).as("the chunks of a final session are dropped").isEmpty();
	}

	@Test
	void aPlaybackStoredWithItsEventsApartHasThemMovedIntoChunksOnItsNextEvent() {
		List<Heartbeat> events = new ArrayList<>();
		for (int seq = 0; seq <= 10; seq++) {
			events.add(content("pb", seq, (seq == 0) ? EventType.START : EventType.HEARTBEAT, seq * 5, seq * 5_000L));
		}
		// as the aggregator before chunks kept it: the state in format 1, each event in
		// its own record of the events store; seq 4 still missing
		PlaybackState before = new PlaybackState();
		PlaybackSessions playbacks = new PlaybackSessions(SessionSettings.contract());
		MapEventLog apart = new MapEventLog();
		for (Heartbeat event : events) {
			if (event.getSeq() != 4) {
				long at = event.getEventTime().toEpochMilli() + 10_000;
				playbacks.advance(before, at, apart, new PlaybackSessions.Changes());
				playbacks.accept(before, event, at, apart, new PlaybackSessions.Changes());
			}
		}
		playbacks.advance(before, T0.plusSeconds(70).toEpochMilli(), apart, new PlaybackSessions.Changes());
		assertThat(before.appliedSeq()).isEqualTo(10);
		this.driver.getKeyValueStore(SessionTopology.PLAYBACKS_STORE)
			.put("user-1 pb", StateFixtures.formatOne(before.toBytes()));
		KeyValueStore<String, byte[]> stored = this.driver.getKeyValueStore(SessionTopology.EVENTS_STORE);
		apart.events.values()
			.forEach((event) -> stored.put(StoreKeys.event("user-1 pb", event.getSeq()),
					HeartbeatSerializer.avroBinary(event)));
		this.now = T0.plusSeconds(75);

		send(events.get(4));
		wait(Duration.ofSeconds(1));

		assertThat(SessionViews.of(lastSession())).isEqualTo(SessionViews.of(SessionRules.sessions(events).get(0)));
		assertThat(chunkKeys(stored)).as("0-3 and 5-8 in a chunk, 9 and 10 inline, then 4 into the chunk")
			.containsExactly(StoreKeys.event("user-1 pb", 8));
		send(events.get(4));
		assertThat(counted("duplicate")).as("the moved events are found").isEqualTo(1);
	}

	private static List<String> chunkKeys(KeyValueStore<String, byte[]> store) {
		List<String> keys = new ArrayList<>();
		try (KeyValueIterator<String, byte[]> all = store.all()) {
			all.forEachRemaining((entry) -> keys.add(entry.key));
		}
		return keys;
	}

	@Test
	void finalSessionsMoveToTheUsersHistoryAndLeaveItAfterTheRetention() {
		send(content("pb", 0, EventType.START, 0, 0));
		send(content("pb", 1, EventType.STOP, 5, 5_000));
		SessionStoreReader reader = new SessionStoreReader();
		assertThat(reader.sessionsOf("user-1", this.driver.getKeyValueStore(SessionTopology.PLAYBACKS_STORE),
				this.driver.getKeyValueStore(SessionTopology.HISTORY_STORE)))
			.extracting(ViewingSession::getPlayedMs)
			.containsExactly(5_000L);

		wait(Duration.ofHours(7));
		assertThat(this.driver.getKeyValueStore(SessionTopology.PLAYBACKS_STORE).get("user-1 pb"))
			.as("the playback is remembered, to route its late events")
			.isNotNull();
		List<ViewingSession> history = reader.sessionsOf("user-1",
				this.driver.getKeyValueStore(SessionTopology.PLAYBACKS_STORE),
				this.driver.getKeyValueStore(SessionTopology.HISTORY_STORE));
		assertThat(history).extracting(ViewingSession::getSessionId).containsExactly("pb");
		assertThat(history.get(0).getClosed()).isTrue();
		assertThat(counted("applied")).isEqualTo(2);
		assertThat(this.meters.get("sessions.finalized").counter().count()).isEqualTo(1);

		this.driver.advanceWallClockTime(Duration.ofDays(8));
		this.driver.advanceWallClockTime(Duration.ofDays(83));
		assertThat(this.driver.getKeyValueStore(SessionTopology.HISTORY_STORE).approximateNumEntries())
			.as("history kept 90 days")
			.isZero();
		assertThat(this.driver.getKeyValueStore(SessionTopology.PLAYBACKS_STORE).get("user-1 pb"))
			.as("the playback forgotten after 7 days")
			.isNull();
	}

	@Test
	void adPlaybacksAreTrackedOnTheirOwnPlayhead() {
		send(content("pb", 0, EventType.START, 0, 0));
		send(ad("pb", 1, EventType.AD_START, 1, 0));
		send(ad("pb", 2, EventType.AD_HEARTBEAT, 2, 1_000));
		send(ad("pb", 3, EventType.AD_HEARTBEAT, 3, 2_000));
		send(ad("pb", 4, EventType.AD_SKIP, 3.5, 2_500));
		wait(Duration.ofSeconds(2));

		ViewingSession session = lastSession();
		assertThat(session.getAds()).hasSize(1);
		var ad = session.getAds().get(0);
		assertThat(ad.getAdPlaybackId()).isEqualTo("adpb-1");
		assertThat(ad.getAdPlayedMs()).isEqualTo(2_500);
		assertThat(ad.getMaxContinuousMs()).isEqualTo(2_500);
		assertThat(ad.getSkipped()).isTrue();
		assertThat(ad.getCompleted()).isFalse();
		assertThat(session.getPlayedMs()).as("AD_START pauses the content").isEqualTo(1_000);
	}

	@Test
	void playbacksOfOneUserAreKeptApart() {
		send(content("pb-1", 0, EventType.START, 0, 0));
		send(content("pb-2", 0, EventType.START, 0, 60_000));
		assertThat(this.sessions.readKeyValuesToMap()).containsOnlyKeys("pb-1", "pb-2");
		assertThat(this.driver.getKeyValueStore(SessionTopology.PLAYBACKS_STORE).get("user-1 pb-2")).isNotNull();
	}

	@Test
	void aBacklogRunsOnItsOwnTimeEvenWhenTheWallClockTickedBeforeItsFirstRecord() {
		// a new deployment reading from the start: the task is up an hour before the
		// first
		// of the old records reaches it
		this.driver.advanceWallClockTime(Duration.ofHours(1));
		Heartbeat start = content("pb", 0, EventType.START, 0, 0);
		Heartbeat beat = content("pb", 1, EventType.HEARTBEAT, 5, 5_000);
		this.heartbeats.pipeInput(new TestRecord<>("user-1", start, T0));
		this.heartbeats.pipeInput(new TestRecord<>("user-1", beat, T0.plusSeconds(5)));

		List<TestRecord<String, ViewingSession>> out = this.sessions.readRecordsToList();
		assertThat(out).as("each heartbeat 5 s after the last emission is emitted at once")
			.extracting((record) -> record.value().getRevision())
			.containsExactly(1L, 2L);
		assertThat(out).as("stamped with the records' own time, not the wall clock's")
			.extracting(TestRecord::getRecordTime)
			.containsExactly(T0, T0.plusSeconds(5));
	}

	@Test
	void recordsRunOnTheirOwnTimeWhenTheTimersClockRanAheadOfThem() {
		send(content("pb", 0, EventType.START, 0, 0));
		// the task waits for its turn, and the wall-clock punctuation takes the wait for
		// idle time: the timers' clock runs 3 s ahead of the records
		this.driver.advanceWallClockTime(Duration.ofSeconds(3));
		this.heartbeats.pipeInput(
				new TestRecord<>("user-1", content("pb", 1, EventType.HEARTBEAT, 1.5, 1_500), T0.plusMillis(1_500)));

		assertThat(this.sessions.readRecordsToList()).extracting(TestRecord::getRecordTime)
			.containsExactly(T0, T0.plusMillis(1_500));
	}

	/**
	 * Player clocks off by as much as the contract allows (4 min ahead, 6 days behind):
	 * the same events make the same session, only its times move with the player's clock,
	 * and it closes on arrival time like the others, neither early nor as late.
	 */
	@Test
	void playerClocksAheadOrBehindWithinTheContractMoveOnlyTheSessionsTimes() {
		Map<String, Duration> clocks = Map.of("pb-right", Duration.ZERO, "pb-ahead", Duration.ofMinutes(4), "pb-behind",
				Duration.ofDays(-6));
		double[] at = { 0, 5, 10, 15, 17 };
		EventType[] types = { EventType.START, EventType.HEARTBEAT, EventType.HEARTBEAT, EventType.HEARTBEAT,
				EventType.STOP };
		for (int seq = 0; seq < at.length; seq++) {
			for (Map.Entry<String, Duration> clock : clocks.entrySet()) {
				Heartbeat event = content(clock.getKey(), seq, types[seq], at[seq], Math.round(at[seq] * 1_000));
				send(Heartbeat.newBuilder(event).setEventTime(event.getEventTime().plus(clock.getValue())).build());
			}
			wait(Duration.ofSeconds((seq + 1 < at.length) ? (long) (at[seq + 1] - at[seq]) : 0));
		}
		wait(Duration.ofSeconds(58));
		assertThat(this.sessions.readValuesToList()).as("none closed before 60 s after its STOP arrived")
			.noneMatch(ViewingSession::getClosed);
		wait(Duration.ofSeconds(3));
		Map<String, ViewingSession> closed = new HashMap<>();
		this.sessions.readValuesToList().forEach((session) -> closed.put(session.getSessionId(), session));
		assertThat(closed.keySet()).containsExactlyInAnyOrderElementsOf(clocks.keySet());
		ViewingSession right = closed.get("pb-right");
		assertThat(right.getPlayedMs()).isEqualTo(17_000);
		clocks.forEach((playbackId, offset) -> {
			ViewingSession session = closed.get(playbackId);
			assertThat(session.getClosed()).as(playbackId).isTrue();
			assertThat(session.getPlayedMs()).as(playbackId).isEqualTo(right.getPlayedMs());
			assertThat(session.getUniqueWatchedMs()).as(playbackId).isEqualTo(right.getUniqueWatchedMs());
			assertThat(session.getSegments()).as(playbackId).isEqualTo(right.getSegments());
			assertThat(session.getStartedAt()).as(playbackId).isEqualTo(right.getStartedAt().plus(offset));
			assertThat(session.getPlayedMsByDay()).as(playbackId)
				.extracting(DailyPlay::getPlayedMs)
				.containsExactly(17_000L);
		});
		assertThat(this.late.readValuesToList()).as("nothing taken for late").isEmpty();
	}

	/**
	 * Ingest's clock stepped back 10 s in the middle of a playback: its later events
	 * arrive stamped 10 s earlier than those before them. The session is what the events
	 * make, each counted once; stream time does not go back, so nothing closes early.
	 */
	@Test
	void anIngestClockSteppedBackTenSecondsCountsNothingTwiceAndClosesNothingEarly() {
		send(content("pb", 0, EventType.START, 0, 0));
		wait(Duration.ofSeconds(5));
		send(content("pb", 1, EventType.HEARTBEAT, 5, 5_000));
		wait(Duration.ofSeconds(5));
		this.now = this.now.minusSeconds(10);
		send(content("pb", 2, EventType.HEARTBEAT, 10, 10_000));
		wait(Duration.ofSeconds(5));
		send(content("pb", 3, EventType.STOP, 15, 15_000));
		wait(Duration.ofSeconds(58));
		assertThat(this.sessions.readValuesToList()).as("not closed before 60 s after its STOP arrived")
			.noneMatch(ViewingSession::getClosed);
		wait(Duration.ofSeconds(13));
		ViewingSession closed = lastSession();
		assertThat(closed.getClosed()).isTrue();
		assertThat(closed.getPlayedMs()).isEqualTo(15_000);
		assertThat(closed.getUniqueWatchedMs()).isEqualTo(15_000);
		assertThat(closed.getEventCount()).isEqualTo(4);
	}

	@Test
	void theOpenSessionsGaugeCountsSessionsStartedAndNotClosed() {
		send(content("pb-1", 0, EventType.START, 0, 0));
		send(content("pb-2", 0, EventType.START, 0, 0));
		assertThat(openSessions()).isEqualTo(2);
		send(content("pb-1", 1, EventType.STOP, 5, 5_000));
		assertThat(openSessions()).as("stopped, not closed before the grace").isEqualTo(2);
		wait(Duration.ofSeconds(61));
		assertThat(openSessions()).as("pb-1 closed 60 s after its STOP").isEqualTo(1);
		send(content("pb-2", 1, EventType.HEARTBEAT, 3_700, 3_700_000));
		assertThat(openSessions()).as("an hour later: a new session of pb-2, its first closed").isEqualTo(1);
		wait(Duration.ofMinutes(31));
		assertThat(openSessions()).as("closed after 30 min of silence").isZero();
	}

	private double openSessions() {
		return this.meters.get("sessions.open").gauge().value();
	}

	private void send(Heartbeat event) {
		this.heartbeats.pipeInput(new TestRecord<>(event.getUserId(), event, this.now));
	}

	/** Lets arrival time pass with no events: the wall-clock punctuation runs. */
	private void wait(Duration duration) {
		// the punctuation runs once per step: fine steps for short waits, coarse for
		// hours
		long step = Math.min(duration.toMillis(), (duration.toSeconds() <= 10) ? 1_000 : 10_000);
		for (long left = duration.toMillis(); left > 0; left -= step) {
			Duration next = Duration.ofMillis(Math.min(step, left));
			this.now = this.now.plus(next);
			this.driver.advanceWallClockTime(next);
		}
	}

	private ViewingSession lastSession() {
		List<ViewingSession> out = this.sessions.readValuesToList();
		assertThat(out).isNotEmpty();
		return out.get(out.size() - 1);
	}

	private double counted(String outcome) {
		return this.meters.get("sessions.events").tag("outcome", outcome).counter().count();
	}

	static Heartbeat content(String playbackId, long seq, EventType type, double atSeconds, long positionMs) {
		return content(playbackId, seq, type, atSeconds, positionMs, null);
	}

	static Heartbeat content(String playbackId, long seq, EventType type, double atSeconds, long positionMs,
			Long fromPositionMs) {
		return base(playbackId, seq, type, atSeconds, positionMs).setFromPositionMs(fromPositionMs).build();
	}

	static Heartbeat ad(String playbackId, long seq, EventType type, double atSeconds, long adPositionMs) {
		return base(playbackId, seq, type, atSeconds, 1_000)
			.setAd(new AdInfo("adpb-1", "ad-1", adPositionMs, 15_000L, null, null))
			.build();
	}

	private static Heartbeat.Builder base(String playbackId, long seq, EventType type, double atSeconds,
			long positionMs) {
		Instant eventTime = T0.plusMillis(Math.round(atSeconds * 1000));
		return Heartbeat.newBuilder()
			.setEventId("e-" + playbackId + "-" + seq)
			.setPlaybackId(playbackId)
			.setSeq(seq)
			.setUserId("user-1")
			.setVideoId("video-1")
			.setType(type)
			.setPositionMs(positionMs)
			.setEventTime(eventTime)
			.setReceivedAt(eventTime);
	}

}
