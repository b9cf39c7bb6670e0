package dev.playback.aggregator.session;

import java.util.ArrayList;
import java.util.List;

import dev.playback.rules.SessionFold;
import dev.playback.aggregator.session.state.PlaybackState.Part;
import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.ViewingSession;
import dev.playback.aggregator.session.state.PlaybackState;
import dev.playback.aggregator.session.state.EventLog;

/**
 * The life of one playback's sessions over time: events taken once each in seq order
 * (waiting briefly behind a gap, folding again when an older one still comes), split
 * after 30 minutes of silence, closed, revised by late events, let go after the revision
 * window, and emitted coalesced. Plain Java over a {@link PlaybackState} and an
 * {@link EventLog}; the processor only moves them in and out of stores. Times are the
 * task's clock in epoch ms (see {@code SessionProcessor}).
 */
final class PlaybackSessions {

	/** What became of an event. */
	enum Outcome {

		/** Folded into its session in seq order. */
		APPLIED,
		/** Stored behind a seq gap, applied once the gap fills or the wait ends. */
		BUFFERED,
		/**
		 * Older than events already folded: the playback's live sessions folded again.
		 */
		REFOLDED,
		/** Its seq was already taken: changes nothing. */
		DUPLICATE,
		/** For a session already let go: goes to the late topic. */
		LATE

	}

	/** What a step produced for the processor to write out. */
	static final class Changes {

		final List<ViewingSession> emitted = new ArrayList<>(1);

		/** Sessions let go, in their final form, for the viewing history. */
		final List<ViewingSession> finalized = new ArrayList<>(0);

		int opened;

		int closed;

	}

	private final long reorderWindowMs;

	private final long stopGraceMs;

	private final long inactivityMs;

	private final long revisionWindowMs;

	private final long emitIntervalMs;

	private final long forgetAfterMs;

	PlaybackSessions(SessionSettings timings) {
		this.reorderWindowMs = timings.reorderWindow().toMillis();
		this.stopGraceMs = timings.stopGrace().toMillis();
		this.inactivityMs = timings.inactivity().toMillis();
		this.revisionWindowMs = timings.revisionWindow().toMillis();
		this.emitIntervalMs = timings.emitInterval().toMillis();
		this.forgetAfterMs = timings.forgetAfter().toMillis();
	}

	Outcome accept(PlaybackState state, Heartbeat event, long now, EventLog log, Changes changes) {
		long seq = event.getSeq();
		if (seq <= state.finalizedLastSeq || joinsLetGoSession(state, event)) {
			return Outcome.LATE;
		}
		// the log holds the folded events (seq up to appliedSeq) and the buffered ones:
		// a later seq with nothing buffered cannot be in it, and is not looked up
		if ((seq <= state.appliedSeq() || state.buffered > 0) && log.get(seq) != null) {
			return Outcome.DUPLICATE;
		}
		log.put(event);
		state.lastActivityMs = Math.max(state.lastActivityMs, now);
		Outcome outcome;
		if (state.last() == null) {
			startPart(state, event, now, changes);
			outcome = Outcome.APPLIED;
		}
		else if (seq == state.appliedSeq() + 1) {
			applyInOrder(state, event, now, changes);
			drainContiguous(state, log, now, changes);
			outcome = Outcome.APPLIED;
		}
		else if (seq > state.appliedSeq()) {
			state.buffered++;
			if (state.holdUntilMs < 0) {
				state.holdUntilMs = now + this.reorderWindowMs;
			}
			outcome = Outcome.BUFFERED;
		}
		else {
			refold(state, log, seq, now, changes);
			outcome = Outcome.REFOLDED;
		}
		emitDue(state, now, changes);
		return outcome;
	}

	/**
	 * Everything that is due by {@code now}: waits ended, closes, let-goes, emissions.
	 */
	void advance(PlaybackState state, long now, EventLog log, Changes changes) {
		if (state.buffered > 0 && now >= state.holdUntilMs) {
			for (Heartbeat event : log.range(state.appliedSeq() + 1, Long.MAX_VALUE)) {
				applyInOrder(state, event, now, changes);
			}
			state.buffered = 0;
			state.holdUntilMs = -1;
		}
		Part last = state.last();
		if (last != null && !last.closed && now >= closeDue(last)) {
			close(last, changes);
		}
		while (!state.parts.isEmpty() && state.parts.get(0).closed
				&& now >= state.parts.get(0).lastActivityMs + this.revisionWindowMs) {
			letGo(state, log, now, changes);
		}
		emitDue(state, now, changes);
	}

	/**
	 * When {@link #advance} next has something to do, {@code Long.MAX_VALUE} for never.
	 */
	long nextDue(PlaybackState state) {
		long due = Long.MAX_VALUE;
		if (state.buffered > 0) {
			due = state.holdUntilMs;
		}
		for (Part part : state.parts) {
			if (part.dirty) {
				due = Math.min(due, part.lastEmitMs + this.emitIntervalMs);
			}
			due = Math.min(due, part.closed ? part.lastActivityMs + this.revisionWindowMs : closeDue(part));
		}
		return due;
	}

	/**
	 * Whether the playback can be forgotten entirely (nothing live, remembered long
	 * enough).
	 */
	boolean forgettable(PlaybackState state, long now) {
		return state.parts.isEmpty() && state.buffered == 0 && now >= state.lastActivityMs + this.forgetAfterMs;
	}

	/** When a playback with nothing live may be forgotten. */
	long forgetDue(PlaybackState state) {
		return state.lastActivityMs + this.forgetAfterMs;
	}

	private boolean joinsLetGoSession(PlaybackState state, Heartbeat event) {
		return state.last() == null && state.finalizedParts > 0
				&& Math.abs(event.getEventTime().toEpochMilli() - state.finalizedLastEventAtMs) <= this.inactivityMs;
	}

	private long closeDue(Part part) {
		return part.lastActivityMs + ((part.fold.lastType() == EventType.STOP) ? this.stopGraceMs : this.inactivityMs);
	}

	private void startPart(PlaybackState state, Heartbeat event, long now, Changes changes) {
		Part last = state.last();
		int number = (last != null) ? last.number + 1 : state.finalizedParts + 1;
		Part part = new Part(number, SessionFold.startingWith(event));
		part.revision = state.vanishedRevision;
		part.dirty = true;
		part.lastActivityMs = now;
		state.parts.add(part);
		changes.opened++;
	}

	private void applyInOrder(PlaybackState state, Heartbeat event, long now, Changes changes) {
		Part last = state.last();
		if (last.fold.endsBefore(event)) {
			if (!last.closed) {
				close(last, changes);
			}
			startPart(state, event, now, changes);
		}
		else {
			last.fold.apply(event);
			last.dirty = true;
			last.lastActivityMs = now;
		}
	}

	private void drainContiguous(PlaybackState state, EventLog log, long now, Changes changes) {
		while (state.buffered > 0) {
			Heartbeat next = log.get(state.appliedSeq() + 1);
			if (next == null) {
				return;
			}
			applyInOrder(state, next, now, changes);
			state.buffered--;
		}
		state.holdUntilMs = -1;
	}

	/**
	 * Folds the live sessions again from their stored events, now that {@code seq} came
	 * after later ones. Parts keep their numbers and revisions; a part that the new event
	 * joined to its predecessor is emitted once more, empty, so that every total that
	 * counted it stays exact.
	 */
	private void refold(PlaybackState state, EventLog log, long seq, long now, Changes changes) {
		List<SessionFold> folds = new ArrayList<>();
		for (Heartbeat event : log.range(state.finalizedLastSeq + 1, state.appliedSeq())) {
			SessionFold current = folds.isEmpty() ? null : folds.get(folds.size() - 1);
			if (current == null || current.endsBefore(event)) {
				folds.add(SessionFold.startingWith(event));
			}
			else {
				current.apply(event);
			}
		}
		List<Part> old = new ArrayList<>(state.parts);
		state.parts.clear();
		for (int i = 0; i < folds.size(); i++) {
			SessionFold fold = folds.get(i);
			Part before = (i < old.size()) ? old.get(i) : null;
			Part part = new Part(state.finalizedParts + i + 1, fold);
			boolean notLast = i < folds.size() - 1;
			if (before != null) {
				String id = ViewingSessionMapper.sessionId(fold.identity().playbackId(), part.number);
				part.revision = before.revision;
				part.lastEmitMs = before.lastEmitMs;
				part.lastActivityMs = before.lastActivityMs;
				part.closed = before.closed || notLast;
				part.dirty = before.dirty || !fold.summary(id).equals(before.fold.summary(id));
			}
			else {
				part.revision = state.vanishedRevision;
				part.lastActivityMs = now;
				part.closed = notLast;
				part.dirty = true;
				changes.opened++;
			}
			if (fold.firstSeq() <= seq && seq <= fold.lastSeq()) {
				part.lastActivityMs = Math.max(part.lastActivityMs, now);
			}
			state.parts.add(part);
		}
		for (int i = folds.size(); i < old.size(); i++) {
			Part vanished = old.get(i);
			vanished.revision++;
			state.vanishedRevision = Math.max(state.vanishedRevision, vanished.revision);
			changes.emitted.add(ViewingSessionMapper.emptied(vanished));
		}
	}

	private void close(Part part, Changes changes) {
		part.closed = true;
		part.dirty = true;
		// always emitted on close, whatever the coalescing interval
		part.lastEmitMs = Long.MIN_VALUE / 2;
		changes.closed++;
	}

	private void letGo(PlaybackState state, EventLog log, long now, Changes changes) {
		Part first = state.parts.get(0);
		if (first.dirty) {
			emit(first, now, changes);
		}
		changes.finalized.add(ViewingSessionMapper.record(first));
		log.removeUpTo(first.fold.lastSeq());
		state.finalizedParts = first.number;
		state.finalizedLastSeq = first.fold.lastSeq();
		state.finalizedLastEventAtMs = first.fold.lastEventAt().toEpochMilli();
		state.parts.remove(0);
	}

	private void emitDue(PlaybackState state, long now, Changes changes) {
		for (Part part : state.parts) {
			if (part.dirty && now >= part.lastEmitMs + this.emitIntervalMs) {
				emit(part, now, changes);
			}
		}
	}

	private void emit(Part part, long now, Changes changes) {
		part.revision++;
		part.dirty = false;
		part.lastEmitMs = now;
		changes.emitted.add(ViewingSessionMapper.record(part));
	}

}
