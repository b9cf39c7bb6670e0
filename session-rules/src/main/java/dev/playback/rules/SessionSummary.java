package dev.playback.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.SortedMap;

import dev.playback.schemas.InvalidTraffic;

/**
 * What the rules of docs/contract.md section 2 make of one session's events.
 *
 * @param sessionId the playbackId, then {@code ~2}, {@code ~3} for parts after 30 min of
 * silence
 * @param playbackId the player's playback
 * @param startedAt eventTime of the first event in seq order
 * @param lastEventAt eventTime of the last event in seq order
 * @param lastPositionMs positionMs of the last event in seq order
 * @param segments union of the watched intervals, ascending and disjoint
 * @param uniqueWatchedMs total length of the segments
 * @param playedMs sum of all credited play (a rewatch counts again)
 * @param playedMsByDay playedMs by UTC day of the later event of each credited interval
 * @param ads ad playbacks in order of their first event
 * @param firstSeq seq of the session's first event
 * @param lastSeq seq of the session's last event
 * @param eventCount distinct events (by seq)
 * @param invalidTraffic the first reason in seq order the session is invalid traffic,
 * null when it is valid
 */
public record SessionSummary(String sessionId, String playbackId, Instant startedAt, Instant lastEventAt,
		long lastPositionMs, List<Interval> segments, long uniqueWatchedMs, long playedMs,
		SortedMap<LocalDate, Long> playedMsByDay, List<AdSummary> ads, long firstSeq, long lastSeq, int eventCount,
		InvalidTraffic invalidTraffic) {
}
