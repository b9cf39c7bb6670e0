package dev.playback.aggregator.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;

/**
 * The session rules of CONTRACT.md section 2, as a pure function of one playback's
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

	/** The content chain: START .. STOP plus AD_START, which pauses the content. */
	private static final Set<EventType> CONTENT = EnumSet.of(EventType.START, EventType.HEARTBEAT, EventType.PAUSE,
			EventType.RESUME, EventType.SEEK, EventType.STOP, EventType.AD_START);

	private SessionRules() {
	}

	/** The sessions of one playback's events, oldest first. */
	public static List<SessionSummary> sessions(List<Heartbeat> events) {
		TreeMap<Long, Heartbeat> bySeq = new TreeMap<>();
		for (Heartbeat event : events) {
			bySeq.putIfAbsent(event.getSeq(), event);
		}
		List<List<Heartbeat>> parts = new ArrayList<>();
		Heartbeat previous = null;
		for (Heartbeat event : bySeq.values()) {
			if (previous == null || apartMoreThanSplitGap(previous, event)) {
				parts.add(new ArrayList<>());
			}
			parts.get(parts.size() - 1).add(event);
			previous = event;
		}
		List<SessionSummary> sessions = new ArrayList<>(parts.size());
		for (int i = 0; i < parts.size(); i++) {
			sessions.add(summarize(sessionId(parts.get(i).get(0).getPlaybackId(), i + 1), parts.get(i)));
		}
		return sessions;
	}

	/** {@code playbackId} for the first part, {@code playbackId~n} for the n-th. */
	public static String sessionId(String playbackId, int part) {
		return (part == 1) ? playbackId : playbackId + "~" + part;
	}

	static boolean apartMoreThanSplitGap(Heartbeat a, Heartbeat b) {
		return Duration.between(a.getEventTime(), b.getEventTime()).abs().compareTo(SPLIT_GAP) > 0;
	}

	private static SessionSummary summarize(String sessionId, List<Heartbeat> events) {
		List<Interval> watched = new ArrayList<>();
		SortedMap<LocalDate, Long> byDay = new TreeMap<>();
		long played = 0;
		boolean playing = false;
		Heartbeat previousContent = null;
		Map<String, List<Heartbeat>> adEvents = new LinkedHashMap<>();
		for (Heartbeat event : events) {
			if (CONTENT.contains(event.getType())) {
				if (previousContent != null && playing) {
					long dp = credit(previousContent, event);
					if (dp > 0) {
						watched
							.add(new Interval(previousContent.getPositionMs(), previousContent.getPositionMs() + dp));
						played += dp;
						byDay.merge(day(event.getEventTime()), dp, Long::sum);
					}
				}
				playing = playingAfter(playing, event.getType());
				previousContent = event;
			}
			if (event.getAd() != null) {
				adEvents.computeIfAbsent(event.getAd().getAdPlaybackId(), (id) -> new ArrayList<>()).add(event);
			}
		}
		List<Interval> segments = Segments.union(watched);
		Heartbeat first = events.get(0);
		Heartbeat last = events.get(events.size() - 1);
		List<AdSummary> ads = adEvents.values().stream().map(SessionRules::ad).toList();
		return new SessionSummary(sessionId, first.getPlaybackId(), first.getEventTime(), last.getEventTime(),
				last.getPositionMs(), segments, Segments.totalLength(segments), played, byDay, ads, first.getSeq(),
				last.getSeq(), events.size());
	}

	/**
	 * The ms credited between consecutive content events {@code a} and {@code b} while
	 * playing, 0 when the interval rule rejects them (a jump, a stall, lost events).
	 */
	static long credit(Heartbeat a, Heartbeat b) {
		long end;
		if (b.getType() == EventType.SEEK) {
			// a seek ends the run where the playhead left, or at a when that is unknown
			end = (b.getFromPositionMs() != null) ? b.getFromPositionMs() : a.getPositionMs();
		}
		else {
			end = b.getPositionMs();
		}
		long dt = Duration.between(a.getEventTime(), b.getEventTime()).toMillis();
		long dp = end - a.getPositionMs();
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

	private static AdSummary ad(List<Heartbeat> events) {
		Heartbeat first = events.get(0);
		long played = 0;
		long run = 0;
		long maxRun = 0;
		long maxPosition = 0;
		boolean completed = false;
		boolean skipped = false;
		boolean clicked = false;
		long duration = first.getAd().getDurationMs();
		Heartbeat previous = null;
		for (Heartbeat event : events) {
			duration = event.getAd().getDurationMs();
			completed |= event.getType() == EventType.AD_COMPLETE;
			skipped |= event.getType() == EventType.AD_SKIP;
			clicked |= event.getType() == EventType.AD_CLICK;
			if (previous != null) {
				long dt = Duration.between(previous.getEventTime(), event.getEventTime()).toMillis();
				long dp = event.getAd().getPositionMs() - previous.getAd().getPositionMs();
				if (credited(dp, dt, MAX_AD_STEP_MS)) {
					played += dp;
					run += dp;
					maxRun = Math.max(maxRun, run);
					maxPosition = Math.max(maxPosition, event.getAd().getPositionMs());
				}
				else {
					run = 0;
				}
			}
			previous = event;
		}
		completed |= maxPosition >= duration - AD_COMPLETE_MARGIN_MS;
		return new AdSummary(first.getAd().getAdPlaybackId(), first.getAd().getAdId(), duration, first.getEventTime(),
				played, maxRun, maxPosition, completed, skipped, clicked);
	}

	private static LocalDate day(Instant instant) {
		return instant.atZone(ZoneOffset.UTC).toLocalDate();
	}

}
