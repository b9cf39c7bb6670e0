package dev.playback.aggregator.session;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.playback.aggregator.session.PlaybackSessions.Changes;
import dev.playback.aggregator.session.PlaybackSessions.Outcome;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.ViewingSession;
import dev.playback.aggregator.session.state.PlaybackState;
import dev.playback.aggregator.session.state.ChunkedEventLog;
import dev.playback.aggregator.session.state.EventLog;
import dev.playback.aggregator.session.state.StoreKeys;
import dev.playback.aggregator.session.state.AvroBytes;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Moves a playback's state in and out of the stores around {@link PlaybackSessions}, and
 * runs its timers.
 * <p>
 * The task's clock is stream time (the largest record timestamp seen, i.e. when ingest
 * received the events), advanced by wall-clock time while no newer record comes: a replay
 * of old data closes sessions on the data's own time, and an idle partition still closes
 * its sessions as the wall clock passes. Both a stream-time and a wall-clock punctuation
 * fire the timers that are due on that clock.
 */
final class SessionProcessor implements Processor<String, Heartbeat, String, SpecificRecord> {

	static final String LATE_REASON_HEADER = "late.reason";

	/**
	 * Why a heartbeat went to the dead-letter topic: the header the report services' and
	 * this service's deserialization dead letters carry too.
	 */
	static final String DEAD_LETTER_REASON_HEADER = "kafka_dlt-exception-message";

	private static final int MAX_TIMERS_PER_PUNCTUATION = 50_000;

	private final PlaybackSessions sessions;

	private final SessionMetrics metrics;

	private final Duration punctuationInterval;

	private final Duration historyRetention;

	private ProcessorContext<String, SpecificRecord> context;

	private KeyValueStore<String, byte[]> playbacks;

	private KeyValueStore<String, byte[]> events;

	private KeyValueStore<String, byte[]> timers;

	private KeyValueStore<String, byte[]> history;

	private final AvroBytes<ViewingSession> sessionBytes = new AvroBytes<>(ViewingSession.getClassSchema());

	private long timerTimeMs = Long.MIN_VALUE;

	/**
	 * This task's open sessions: counted from its store when it starts, then moved by
	 * what each change does to a playback's open parts.
	 */
	private final AtomicLong openSessions = new AtomicLong();

	private long wallAtLastRecordMs;

	SessionProcessor(PlaybackSessions sessions, SessionMetrics metrics, Duration punctuationInterval,
			Duration historyRetention) {
		this.sessions = sessions;
		this.metrics = metrics;
		this.punctuationInterval = punctuationInterval;
		this.historyRetention = historyRetention;
	}

	@Override
	public void init(ProcessorContext<String, SpecificRecord> context) {
		this.context = context;
		this.playbacks = context.getStateStore(SessionTopology.PLAYBACKS_STORE);
		this.events = context.getStateStore(SessionTopology.EVENTS_STORE);
		this.timers = context.getStateStore(SessionTopology.TIMERS_STORE);
		this.history = context.getStateStore(SessionTopology.HISTORY_STORE);
		this.wallAtLastRecordMs = context.currentSystemTimeMs();
		context.schedule(this.punctuationInterval, PunctuationType.WALL_CLOCK_TIME, (ignored) -> fireTimers());
		context.schedule(this.punctuationInterval, PunctuationType.STREAM_TIME, (ignored) -> fireTimers());
		long open = 0;
		try (KeyValueIterator<String, byte[]> all = this.playbacks.all()) {
			while (all.hasNext()) {
				open += PlaybackState.fromBytes(all.next().value).openParts();
			}
		}
		this.openSessions.set(open);
		this.metrics.taskOpened(this.openSessions);
	}

	@Override
	public void close() {
		this.metrics.taskClosed(this.openSessions);
	}

	@Override
	public void process(Record<String, Heartbeat> record) {
		Heartbeat event = record.value();
		if (event == null) {
			return;
		}
		String problem = HeartbeatChecks.problem(event);
		if (problem != null) {
			this.metrics.deadLettered();
			forwardWithReason(record, DEAD_LETTER_REASON_HEADER, problem);
			return;
		}
		long now = recordTime();
		String key = StoreKeys.playback(event.getUserId(), event.getPlaybackId());
		byte[] stored = this.playbacks.get(key);
		PlaybackState state = (stored != null) ? PlaybackState.fromBytes(stored) : new PlaybackState();
		int openBefore = state.openParts();
		// a state of format 1 has its events moved into chunks here, and is written
		// again whatever becomes of the event
		boolean eventsMoved = state.eventsApart;
		EventLog log = ChunkedEventLog.of(this.events, key, state);
		Changes changes = new Changes();
		Outcome outcome = this.sessions.accept(state, event, now, log, changes);
		this.metrics.event(outcome);
		switch (outcome) {
			case DUPLICATE, LATE -> {
				if (eventsMoved) {
					this.playbacks.put(key, state.toBytes());
				}
				if (outcome == Outcome.LATE) {
					forwardLate(record, state);
				}
			}
			default -> save(key, state, openBefore, changes, now, false);
		}
	}

	/**
	 * Task time while a record is processed: stream time itself, which never goes back.
	 * No extrapolation here, and no lead that the timers' clock took: a partition that
	 * has records is not idle, and catching up on a backlog must run on the data's own
	 * time. While a stream thread works through a backlog, a task waits between its turns
	 * and the wall-clock punctuation takes that wait for idle time; records that took the
	 * timers' clock would carry that lead into their sessions' times.
	 */
	private long recordTime() {
		this.wallAtLastRecordMs = this.context.currentSystemTimeMs();
		return this.context.currentStreamTimeMs();
	}

	/**
	 * Task time when timers fire: stream time plus how long the partition has been idle
	 * (wall-clock time since its last record), so idle partitions close their sessions;
	 * never going back between firings.
	 */
	private long timerTime() {
		long streamTime = this.context.currentStreamTimeMs();
		long wall = this.context.currentSystemTimeMs();
		if (this.wallAtLastRecordMs <= 0) {
			// the context's cached wall clock is not set yet while the processor
			// initializes
			this.wallAtLastRecordMs = wall;
		}
		// never past the wall clock: a stale start of the idle time must not push the
		// clock
		// (and the timestamps of the records it writes) into the future
		return advanceTo(Math.min(wall, streamTime + Math.max(0, wall - this.wallAtLastRecordMs)));
	}

	private long advanceTo(long time) {
		this.timerTimeMs = Math.max(this.timerTimeMs, time);
		return this.timerTimeMs;
	}

	private void fireTimers() {
		if (this.context.currentStreamTimeMs() < 0) {
			// no record seen, none in the committed stream time either: nothing to
			// extrapolate from. Taking the wall clock here would put a backlog of older
			// records (a replay, a new deployment reading from the start) on today's time
			// instead of their own; and a task without stream time has no timers (its
			// state was made by records whose time is committed with its offsets).
			return;
		}
		long now = timerTime();
		List<String> due = new ArrayList<>();
		try (KeyValueIterator<String, byte[]> iterator = this.timers.range(StoreKeys.timer(0, ' ', ""),
				StoreKeys.timersUpTo(now))) {
			while (iterator.hasNext() && due.size() < MAX_TIMERS_PER_PUNCTUATION) {
				due.add(iterator.next().key);
			}
		}
		for (String timer : due) {
			this.timers.delete(timer);
			this.metrics.timerFired(now - StoreKeys.timerDue(timer));
			String target = StoreKeys.timerTarget(timer);
			if (StoreKeys.timerKind(timer) == 'H') {
				this.history.delete(target);
			}
			else {
				advance(target, now);
			}
		}
	}

	private void advance(String key, long now) {
		byte[] stored = this.playbacks.get(key);
		if (stored == null) {
			return;
		}
		PlaybackState state = PlaybackState.fromBytes(stored);
		int openBefore = state.openParts();
		// this timer was just taken out of the index
		state.timerDueMs = -1;
		Changes changes = new Changes();
		this.sessions.advance(state, now, ChunkedEventLog.of(this.events, key, state), changes);
		save(key, state, openBefore, changes, now, true);
	}

	private void save(String key, PlaybackState state, int openBefore, Changes changes, long now, boolean fromTimer) {
		int opened = state.openParts() - openBefore;
		if (opened != 0) {
			this.openSessions.addAndGet(opened);
		}
		for (ViewingSession session : changes.emitted) {
			this.context.forward(new Record<>(session.getSessionId(), session, now));
		}
		for (ViewingSession session : changes.finalized) {
			String historyKey = StoreKeys.history(session.getUserId(), session.getStartedAt().toEpochMilli(),
					session.getSessionId());
			this.history.put(historyKey, this.sessionBytes.write(session));
			long expires = session.getLastEventAt().toEpochMilli() + this.historyRetention.toMillis();
			this.timers.put(StoreKeys.timer(Math.max(expires, now), 'H', historyKey), new byte[0]);
		}
		this.metrics.changes(changes);
		if (fromTimer && this.sessions.forgettable(state, now)) {
			this.playbacks.delete(key);
			return;
		}
		long due = state.parts.isEmpty() && state.buffered == 0 ? this.sessions.forgetDue(state)
				: this.sessions.nextDue(state);
		// a timer that is later than the one already set waits for it: when the earlier
		// one
		// fires, the playback is advanced and its timer set again
		if (state.timerDueMs < 0 || due < state.timerDueMs) {
			if (state.timerDueMs >= 0) {
				this.timers.delete(StoreKeys.timer(state.timerDueMs, 'P', key));
			}
			this.timers.put(StoreKeys.timer(due, 'P', key), new byte[0]);
			state.timerDueMs = Math.max(0, due);
		}
		this.playbacks.put(key, state.toBytes());
	}

	private void forwardLate(Record<String, Heartbeat> record, PlaybackState state) {
		forwardWithReason(record, LATE_REASON_HEADER,
				"session already final: events of a closed session are taken within the revision window "
						+ "after its last event only (" + state.finalizedParts + " session(s) of this playback final)");
	}

	/**
	 * The heartbeat as it came, with the reason in a header that also picks its topic
	 * (SessionTopology).
	 */
	private void forwardWithReason(Record<String, Heartbeat> record, String header, String reason) {
		RecordHeaders headers = new RecordHeaders(record.headers().toArray());
		headers.add(header, reason.getBytes(StandardCharsets.UTF_8));
		this.context.forward(new Record<>(record.key(), (SpecificRecord) record.value(), record.timestamp(), headers));
	}

}
