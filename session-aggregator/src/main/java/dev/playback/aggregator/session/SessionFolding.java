package dev.playback.aggregator.session;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.playback.aggregator.rules.SessionRules;
import dev.playback.schemas.DailyPlay;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.ViewingSession;

/**
 * Folds one heartbeat into a session. This is the foundation's first cut: it keeps
 * identity, times, the last position and a revision per change; the full credit rule of
 * CONTRACT.md section 2 (ordering by seq, segments, seeks, ads, splitting) replaces it in
 * the session issue.
 */
final class SessionFolding {

	private SessionFolding() {
	}

	static ViewingSession apply(ViewingSession session, Heartbeat event) {
		if (session == null) {
			return ViewingSession.newBuilder()
				.setSessionId(event.getPlaybackId())
				.setPlaybackId(event.getPlaybackId())
				.setRevision(1)
				.setUserId(event.getUserId())
				.setVideoId(event.getVideoId())
				.setDeviceId(event.getDeviceId())
				.setCountry(event.getCountry())
				.setDeviceType(event.getDeviceType())
				.setVideoDurationMs(event.getVideoDurationMs())
				.setStartedAt(event.getEventTime())
				.setLastEventAt(event.getEventTime())
				.setLastPositionMs(event.getPositionMs())
				.setSegments(List.of())
				.setUniqueWatchedMs(0)
				.setPlayedMs(0)
				.setPlayedMsByDay(List.of())
				.setAds(List.of())
				.setEventCount(1)
				.setClosed(false)
				.build();
		}
		ViewingSession.Builder next = ViewingSession.newBuilder(session)
			.setRevision(session.getRevision() + 1)
			.setEventCount(session.getEventCount() + 1);
		if (!event.getEventTime().isBefore(session.getLastEventAt())) {
			long played = credited(session, event);
			next.setLastEventAt(event.getEventTime())
				.setLastPositionMs(event.getPositionMs())
				.setPlayedMs(session.getPlayedMs() + played)
				.setPlayedMsByDay(addDay(session.getPlayedMsByDay(), event, played));
		}
		if (event.getVideoDurationMs() != null) {
			next.setVideoDurationMs(event.getVideoDurationMs());
		}
		return next.build();
	}

	/** The credit rule between consecutive events, without play state or seeks yet. */
	static long credited(ViewingSession previous, Heartbeat event) {
		long dt = Duration.between(previous.getLastEventAt(), event.getEventTime()).toMillis();
		long dp = event.getPositionMs() - previous.getLastPositionMs();
		return SessionRules.credited(dp, dt, SessionRules.MAX_CONTENT_STEP_MS) ? dp : 0;
	}

	private static List<DailyPlay> addDay(List<DailyPlay> days, Heartbeat event, long played) {
		if (played == 0) {
			return days;
		}
		var day = event.getEventTime().atZone(ZoneOffset.UTC).toLocalDate();
		List<DailyPlay> result = new ArrayList<>();
		boolean found = false;
		for (DailyPlay existing : days) {
			if (existing.getDay().equals(day)) {
				result.add(new DailyPlay(day, existing.getPlayedMs() + played));
				found = true;
			}
			else {
				result.add(existing);
			}
		}
		if (!found) {
			result.add(new DailyPlay(day, played));
		}
		return result;
	}

}
