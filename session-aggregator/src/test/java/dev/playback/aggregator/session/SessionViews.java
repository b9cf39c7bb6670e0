package dev.playback.aggregator.session;

import dev.playback.rules.SessionSummary;
import dev.playback.schemas.ViewingSession;

/**
 * A session's computed figures as one comparable line, from the topic's record or from
 * the rules, so tests can say "the aggregator's session is the rules' session".
 */
public final class SessionViews {

	private SessionViews() {
	}

	public static String of(ViewingSession session) {
		return String.join(" | ", "first " + session.getStartedAt(), "last " + session.getLastEventAt(),
				"position " + session.getLastPositionMs(),
				"segments " + session.getSegments()
					.stream()
					.map((segment) -> segment.getStartMs() + ".." + segment.getEndMs())
					.toList(),
				"played " + session.getPlayedMs(), "unique " + session.getUniqueWatchedMs(),
				"days " + session.getPlayedMsByDay()
					.stream()
					.map((day) -> day.getDay() + "=" + day.getPlayedMs())
					.toList(),
				"ads " + session.getAds()
					.stream()
					.map((ad) -> ad.getAdPlaybackId() + ":" + ad.getAdPlayedMs() + "/" + ad.getMaxContinuousMs() + "/"
							+ ad.getMaxPositionMs() + "/" + ad.getCompleted())
					.toList(),
				"events " + session.getEventCount());
	}

	public static String of(SessionSummary summary) {
		return String.join(" | ", "first " + summary.startedAt(), "last " + summary.lastEventAt(), "position " + summary
			.lastPositionMs(), "segments "
					+ summary.segments().stream().map((segment) -> segment.startMs() + ".." + segment.endMs()).toList(),
				"played " + summary.playedMs(), "unique " + summary.uniqueWatchedMs(),
				"days " + summary.playedMsByDay()
					.entrySet()
					.stream()
					.map((day) -> day.getKey() + "=" + day.getValue())
					.toList(),
				"ads " + summary.ads()
					.stream()
					.map((ad) -> ad.adPlaybackId() + ":" + ad.adPlayedMs() + "/" + ad.maxContinuousMs() + "/"
							+ ad.maxPositionMs() + "/" + ad.completed())
					.toList(),
				"events " + summary.eventCount());
	}

}
