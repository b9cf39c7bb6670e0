package dev.playback.sessions.consumer;

import java.util.HashSet;
import java.util.Set;

import dev.playback.schemas.AdPlayback;
import dev.playback.schemas.DailyPlay;
import dev.playback.schemas.ViewingSession;

/**
 * What a report service requires of a session before it counts it. The aggregator never
 * writes a session that breaks these; a record that does came from somewhere else and
 * goes to the dead-letter topic instead of into a statement or a report.
 */
public final class SessionChecks {

	/** The widest ids the report tables hold. */
	static final int MAX_SESSION_ID = 80;

	static final int MAX_ID = 64;

	private SessionChecks() {
	}

	/**
	 * @return the first rule the session breaks, or {@code null} when it can be applied
	 */
	public static String problem(ViewingSession session) {
		if (!fits(session.getSessionId(), MAX_SESSION_ID)) {
			return "sessionId must be 1 to " + MAX_SESSION_ID + " characters";
		}
		if (!fits(session.getUserId(), MAX_ID) || !fits(session.getVideoId(), MAX_ID)) {
			return "userId and videoId must be 1 to " + MAX_ID + " characters";
		}
		if (session.getRevision() < 1) {
			return "revision must be at least 1, was " + session.getRevision();
		}
		if (session.getLastEventAt().isBefore(session.getStartedAt())) {
			return "lastEventAt is before startedAt";
		}
		if (session.getPlayedMs() < 0 || session.getUniqueWatchedMs() < 0
				|| session.getUniqueWatchedMs() > session.getPlayedMs()) {
			return "need 0 <= uniqueWatchedMs <= playedMs, were " + session.getUniqueWatchedMs() + " and "
					+ session.getPlayedMs();
		}
		long days = 0;
		Set<Object> seen = new HashSet<>();
		for (DailyPlay day : session.getPlayedMsByDay()) {
			if (day.getPlayedMs() < 0 || !seen.add(day.getDay())) {
				return "playedMsByDay has a negative or repeated day: " + day.getDay();
			}
			days += day.getPlayedMs();
		}
		if (days != session.getPlayedMs()) {
			return "playedMsByDay sums to " + days + ", playedMs is " + session.getPlayedMs();
		}
		seen.clear();
		for (AdPlayback ad : session.getAds()) {
			if (!fits(ad.getAdPlaybackId(), MAX_ID) || !fits(ad.getAdId(), MAX_ID) || ad.getDurationMs() <= 0
					|| ad.getAdPlayedMs() < 0 || ad.getMaxContinuousMs() < 0 || ad.getMaxPositionMs() < 0
					|| !seen.add(ad.getAdPlaybackId())) {
				return "ad playback " + ad.getAdPlaybackId() + " has a bad id, a repeated id or a negative figure";
			}
		}
		return null;
	}

	private static boolean fits(CharSequence value, int max) {
		return value != null && !value.isEmpty() && value.length() <= max;
	}

}
