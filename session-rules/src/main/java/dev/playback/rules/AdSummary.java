package dev.playback.rules;

import java.time.Instant;

/**
 * One ad playback of a session (docs/contract.md section 2).
 *
 * @param adPlaybackId the player's id of the ad playback
 * @param adId the ad
 * @param durationMs the ad's length
 * @param startedAt eventTime of its first AD_* event
 * @param adPlayedMs credited ad play
 * @param maxContinuousMs the longest run of consecutive credited intervals
 * @param maxPositionMs the furthest playhead reached by credited play
 * @param completed AD_COMPLETE seen, or credited play reached {@code durationMs - 500}
 * @param skipped AD_SKIP seen
 * @param clicked AD_CLICK seen
 * @param measurable every AD_* event of it carried viewablePercent
 * @param viewable a credited continuous run of at least 2,000 ms in which every event
 * reported viewablePercent >= 50
 * @param adServingId the VAST AdServingId as last sent, or null
 */
public record AdSummary(String adPlaybackId, String adId, long durationMs, Instant startedAt, long adPlayedMs,
		long maxContinuousMs, long maxPositionMs, boolean completed, boolean skipped, boolean clicked,
		boolean measurable, boolean viewable, String adServingId) {
}
