package dev.playback.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;

/**
 * The session rules of docs/contract.md section 2, as a pure function of one playback's
 * events: whatever order and however many times they arrive, the events are taken once
 * each in {@code seq} order, split where 30 minutes pass between two of them, and each
 * part is credited by the interval rule. No Kafka here; the topology only moves events in
 * and out.
 */
public final class SessionRules {

	/** Two consecutive events further apart than this belong to different sessions. */
	public static final Duration SPLIT_GAP = Duration.ofMinutes(30);

	/**
	 * Content events further apart than this are not credited (a stall or lost events).
	 */
	public static final long MAX_CONTENT_STEP_MS = 30_000;

	static final long MAX_AD_STEP_MS = 5_000;

	static final long SLACK_MS = 1_000;

	static final long AD_COMPLETE_MARGIN_MS = 500;

	/**
	 * More consecutive events than this within {@link #ACTIVITY_WINDOW_MS} of each other
	 * make a session invalid traffic ({@code GIVT_ACTIVITY}): a real player sends about
	 * 72 a minute at most (a heartbeat every 5 s, an ad heartbeat every second).
	 */
	public static final int ACTIVITY_EVENTS = 120;

	public static final long ACTIVITY_WINDOW_MS = 60_000;

	/** An ad is in view at an event that reports at least this share of its area. */
	static final int IN_VIEW_PERCENT = 50;

	/** A run in view this long makes an ad playback viewable (MRC video). */
	static final long VIEWABLE_RUN_MS = 2_000;

	private SessionRules() {
	}

	/** The sessions of one playback's events, oldest first. */
	public static List<SessionSummary> sessions(List<Heartbeat> events) {
		TreeMap<Long, Heartbeat> bySeq = new TreeMap<>();
		for (Heartbeat event : events) {
			bySeq.putIfAbsent(event.getSeq(), event);
		}
		List<SessionSummary> sessions = new ArrayList<>();
		SessionFold fold = null;
		for (Heartbeat event : bySeq.values()) {
			if (fold != null && fold.endsBefore(event)) {
				sessions.add(fold.summary(sessionId(event.getPlaybackId(), sessions.size() + 1)));
				fold = null;
			}
			if (fold == null) {
				fold = SessionFold.startingWith(event);
			}
			else {
				fold.apply(event);
			}
		}
		if (fold != null) {
			sessions.add(fold.summary(sessionId(bySeq.firstEntry().getValue().getPlaybackId(), sessions.size() + 1)));
		}
		return sessions;
	}

	/** {@code playbackId} for the first part, {@code playbackId~n} for the n-th. */
	public static String sessionId(String playbackId, int part) {
		return (part == 1) ? playbackId : playbackId + "~" + part;
	}

	/**
	 * The ms credited between the previous content event (at {@code aPositionMs},
	 * {@code aTimeMs}) and the next one, {@code b}, while playing; 0 when the interval
	 * rule rejects them (a jump, a stall, lost events).
	 */
	static long credit(long aPositionMs, long aTimeMs, Heartbeat b) {
		long end;
		if (b.getType() == EventType.SEEK) {
			// a seek ends the run where the playhead left, or at a when that is unknown
			end = (b.getFromPositionMs() != null) ? b.getFromPositionMs() : aPositionMs;
		}
		else {
			end = b.getPositionMs();
		}
		long dt = b.getEventTime().toEpochMilli() - aTimeMs;
		long dp = end - aPositionMs;
		return credited(dp, dt, MAX_CONTENT_STEP_MS) ? dp : 0;
	}

	/**
	 * The interval rule: {@code dp} ms of playhead over {@code dt} ms of clock are
	 * credited when {@code 0 <= dp <= 2 dt + 1 s} and {@code dt <= maxStepMs}.
	 */
	public static boolean credited(long dp, long dt, long maxStepMs) {
		return dp >= 0 && dp <= 2 * dt + SLACK_MS && dt <= maxStepMs;
	}

	static boolean playingAfter(boolean playing, EventType type) {
		return switch (type) {
			case START, RESUME, HEARTBEAT -> true;
			case PAUSE, STOP, AD_START -> false;
			default -> playing;
		};
	}

}
