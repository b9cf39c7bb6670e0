package dev.playback.aggregator.session;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import dev.playback.rules.AdSummary;
import dev.playback.rules.Interval;
import dev.playback.rules.SessionIdentity;
import dev.playback.rules.SessionRules;
import dev.playback.rules.SessionSummary;
import dev.playback.aggregator.session.state.PlaybackState.Part;
import dev.playback.schemas.AdPlayback;
import dev.playback.schemas.DailyPlay;
import dev.playback.schemas.Segment;
import dev.playback.schemas.ViewingSession;
import dev.playback.aggregator.session.state.PlaybackState;

/** A session as the sessions topic carries it: full state plus revision. */
final class ViewingSessionMapper {

	private ViewingSessionMapper() {
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
			.setSegments(segments(summary.segments()))
			.setUniqueWatchedMs(summary.uniqueWatchedMs())
			.setPlayedMs(summary.playedMs())
			.setPlayedMsByDay(days(summary.playedMsByDay()))
			.setAds(ads(summary.ads()))
			.setEventCount(summary.eventCount())
			.setInvalidTraffic(summary.invalidTraffic())
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

	// plain loops: this runs for every heartbeat read, and streams cost more than the
	// copying

	private static List<Segment> segments(List<Interval> intervals) {
		List<Segment> segments = new ArrayList<>(intervals.size());
		for (Interval interval : intervals) {
			segments.add(new Segment(interval.startMs(), interval.endMs()));
		}
		return segments;
	}

	private static List<DailyPlay> days(SortedMap<LocalDate, Long> playedMsByDay) {
		List<DailyPlay> days = new ArrayList<>(playedMsByDay.size());
		for (Map.Entry<LocalDate, Long> day : playedMsByDay.entrySet()) {
			days.add(new DailyPlay(day.getKey(), day.getValue()));
		}
		return days;
	}

	private static List<AdPlayback> ads(List<AdSummary> summaries) {
		List<AdPlayback> ads = new ArrayList<>(summaries.size());
		for (AdSummary ad : summaries) {
			ads.add(ad(ad));
		}
		return ads;
	}

	private static AdPlayback ad(AdSummary ad) {
		return new AdPlayback(ad.adPlaybackId(), ad.adId(), ad.durationMs(), ad.startedAt(), ad.adPlayedMs(),
				ad.maxContinuousMs(), ad.maxPositionMs(), ad.completed(), ad.skipped(), ad.clicked(), ad.measurable(),
				ad.viewable(), ad.adServingId());
	}

}
