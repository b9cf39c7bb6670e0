package dev.playback.aggregator.session;

import java.util.List;
import java.util.Map;

import dev.playback.aggregator.rules.AdSummary;
import dev.playback.aggregator.rules.SessionIdentity;
import dev.playback.aggregator.rules.SessionRules;
import dev.playback.aggregator.rules.SessionSummary;
import dev.playback.aggregator.session.PlaybackState.Part;
import dev.playback.schemas.AdPlayback;
import dev.playback.schemas.DailyPlay;
import dev.playback.schemas.Segment;
import dev.playback.schemas.ViewingSession;

/** A session as the sessions topic carries it: full state plus revision. */
final class Sessions {

	private Sessions() {
	}

	static String sessionId(String playbackId, int part) {
		return SessionRules.sessionId(playbackId, part);
	}

	static ViewingSession record(Part part) {
		SessionIdentity identity = part.fold.identity();
		SessionSummary summary = part.fold.summary(sessionId(identity.playbackId(), part.number));
		return builder(part, identity).setStartedAt(summary.startedAt())
			.setLastEventAt(summary.lastEventAt())
			.setLastPositionMs(summary.lastPositionMs())
			.setSegments(summary.segments()
				.stream()
				.map((interval) -> new Segment(interval.startMs(), interval.endMs()))
				.toList())
			.setUniqueWatchedMs(summary.uniqueWatchedMs())
			.setPlayedMs(summary.playedMs())
			.setPlayedMsByDay(summary.playedMsByDay()
				.entrySet()
				.stream()
				.map((Map.Entry<java.time.LocalDate, Long> day) -> new DailyPlay(day.getKey(), day.getValue()))
				.toList())
			.setAds(summary.ads().stream().map(Sessions::ad).toList())
			.setEventCount(summary.eventCount())
			.build();
	}

	/**
	 * A part whose events a late event joined to the part before: nothing is left in it,
	 * and saying so keeps every total that counted it exact.
	 */
	static ViewingSession emptied(Part part) {
		SessionIdentity identity = part.fold.identity();
		return builder(part, identity).setStartedAt(part.fold.startedAt())
			.setLastEventAt(part.fold.lastEventAt())
			.setLastPositionMs(0)
			.setSegments(List.of())
			.setUniqueWatchedMs(0)
			.setPlayedMs(0)
			.setPlayedMsByDay(List.of())
			.setAds(List.of())
			.setEventCount(0)
			.setClosed(true)
			.build();
	}

	private static ViewingSession.Builder builder(Part part, SessionIdentity identity) {
		return ViewingSession.newBuilder()
			.setSessionId(sessionId(identity.playbackId(), part.number))
			.setPlaybackId(identity.playbackId())
			.setRevision(part.revision)
			.setUserId(identity.userId())
			.setVideoId(identity.videoId())
			.setDeviceId(identity.deviceId())
			.setCountry(identity.country())
			.setDeviceType(identity.deviceType())
			.setVideoDurationMs(identity.videoDurationMs())
			.setClosed(part.closed);
	}

	private static AdPlayback ad(AdSummary ad) {
		return new AdPlayback(ad.adPlaybackId(), ad.adId(), ad.durationMs(), ad.startedAt(), ad.adPlayedMs(),
				ad.maxContinuousMs(), ad.maxPositionMs(), ad.completed(), ad.skipped(), ad.clicked());
	}

}
