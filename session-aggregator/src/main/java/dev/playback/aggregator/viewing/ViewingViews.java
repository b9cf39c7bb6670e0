package dev.playback.aggregator.viewing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.playback.rules.Interval;
import dev.playback.schemas.DeviceType;
import dev.playback.schemas.InvalidTraffic;
import dev.playback.schemas.ViewingSession;

/** The JSON the read APIs answer with (docs/contract.md section 2). */
final class ViewingViews {

	private ViewingViews() {
	}

	/**
	 * A page of a user's sessions, newest first.
	 *
	 * @param userId the viewer
	 * @param offset sessions skipped
	 * @param limit most sessions returned
	 * @param total the user's sessions in all
	 * @param stale true when read from a standby copy that may lag behind
	 * @param sessions this page
	 */
	record SessionsPage(String userId, int offset, int limit, int total, boolean stale, List<SessionView> sessions) {
	}

	/**
	 * One session as the rules made it.
	 *
	 * @param sessionId the playbackId, or playbackId~n for later parts
	 * @param playbackId the player's playback
	 * @param revision the last revision emitted on the sessions topic
	 * @param videoId the content
	 * @param deviceId device of the first event that named one
	 * @param country country of the first event that named one
	 * @param deviceType device type of the first event that named one
	 * @param videoDurationMs content length, when a player said
	 * @param startedAt eventTime of the first event
	 * @param lastEventAt eventTime of the last event
	 * @param lastPositionMs playhead at the last event
	 * @param segments watched intervals, merged, ascending
	 * @param uniqueWatchedMs total length of the segments
	 * @param playedMs credited play, a rewatch counted again
	 * @param playedMsByDay playedMs by UTC day
	 * @param ads ad playbacks
	 * @param eventCount distinct events (by seq) applied to the session
	 * @param closed whether the session is closed
	 * @param invalidTraffic why the session is general invalid traffic (kept out of
	 * statements and reports), null when it is valid
	 */
	record SessionView(String sessionId, String playbackId, long revision, String videoId, String deviceId,
			String country, DeviceType deviceType, Long videoDurationMs, Instant startedAt, Instant lastEventAt,
			long lastPositionMs, List<SegmentView> segments, long uniqueWatchedMs, long playedMs,
			Map<String, Long> playedMsByDay, List<AdView> ads, long eventCount, boolean closed,
			InvalidTraffic invalidTraffic) {

		static SessionView of(ViewingSession session) {
			Map<String, Long> days = new LinkedHashMap<>();
			session.getPlayedMsByDay().forEach((day) -> days.put(day.getDay().toString(), day.getPlayedMs()));
			return new SessionView(session.getSessionId(), session.getPlaybackId(), session.getRevision(),
					session.getVideoId(), session.getDeviceId(), session.getCountry(), session.getDeviceType(),
					session.getVideoDurationMs(), session.getStartedAt(), session.getLastEventAt(),
					session.getLastPositionMs(),
					session.getSegments()
						.stream()
						.map((segment) -> new SegmentView(segment.getStartMs(), segment.getEndMs()))
						.toList(),
					session.getUniqueWatchedMs(), session.getPlayedMs(), days,
					session.getAds()
						.stream()
						.map((ad) -> new AdView(ad.getAdPlaybackId(), ad.getAdId(), ad.getDurationMs(),
								ad.getStartedAt(), ad.getAdPlayedMs(), ad.getMaxContinuousMs(), ad.getMaxPositionMs(),
								ad.getCompleted(), ad.getSkipped(), ad.getClicked(), ad.getMeasurable(),
								ad.getViewable(), ad.getAdServingId()))
						.toList(),
					session.getEventCount(), session.getClosed(), session.getInvalidTraffic());
		}

	}

	/**
	 * A watched interval.
	 *
	 * @param startMs where it starts
	 * @param endMs where it ends
	 */
	record SegmentView(long startMs, long endMs) {

		static SegmentView of(Interval interval) {
			return new SegmentView(interval.startMs(), interval.endMs());
		}

	}

	/**
	 * One ad playback of a session.
	 *
	 * @param adPlaybackId the player's id of the ad playback
	 * @param adId the ad
	 * @param durationMs its length
	 * @param startedAt eventTime of its first event
	 * @param adPlayedMs credited ad play
	 * @param maxContinuousMs longest credited run
	 * @param maxPositionMs furthest credited playhead
	 * @param completed AD_COMPLETE, or the playhead reached durationMs - 500 ms
	 * @param skipped AD_SKIP seen
	 * @param clicked AD_CLICK seen
	 * @param measurable every event of it carried viewablePercent
	 * @param viewable 2 continuous seconds of credited play with at least half of it in
	 * view
	 * @param adServingId the VAST AdServingId as last sent
	 */
	record AdView(String adPlaybackId, String adId, long durationMs, Instant startedAt, long adPlayedMs,
			long maxContinuousMs, long maxPositionMs, boolean completed, boolean skipped, boolean clicked,
			boolean measurable, boolean viewable, String adServingId) {
	}

	/**
	 * A user's progress through one video over all of their sessions of it.
	 *
	 * @param userId the viewer
	 * @param videoId the content
	 * @param lastPositionMs playhead at the last event of the latest session
	 * @param segments union of the watched intervals of every session
	 * @param uniqueWatchedMs total length of those segments
	 * @param videoDurationMs content length from the latest session that knew it
	 * @param percentComplete uniqueWatchedMs / videoDurationMs, when the duration is
	 * known
	 * @param sessions how many sessions of the video there are
	 * @param stale true when read from a standby copy that may lag behind
	 */
	record Progress(String userId, String videoId, long lastPositionMs, List<SegmentView> segments,
			long uniqueWatchedMs, Long videoDurationMs, Double percentComplete, int sessions, boolean stale) {
	}

}
