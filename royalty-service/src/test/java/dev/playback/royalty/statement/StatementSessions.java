package dev.playback.royalty.statement;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import dev.playback.schemas.DailyPlay;
import dev.playback.schemas.InvalidTraffic;
import dev.playback.schemas.ViewingSession;

/** Closed sessions as the statement tests send them: play on given days, no ads. */
final class StatementSessions {

	private StatementSessions() {
	}

	/**
	 * @param days played ms per UTC day (yyyy-MM-dd)
	 */
	static ViewingSession session(String sessionId, long revision, String video, String user, String startedAt,
			Map<String, Long> days) {
		List<DailyPlay> played = days.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map((day) -> new DailyPlay(LocalDate.parse(day.getKey()), day.getValue()))
			.toList();
		long total = played.stream().mapToLong(DailyPlay::getPlayedMs).sum();
		Instant start = Instant.parse(startedAt);
		return ViewingSession.newBuilder()
			.setSessionId(sessionId)
			.setPlaybackId(sessionId)
			.setRevision(revision)
			.setUserId(user)
			.setVideoId(video)
			.setStartedAt(start)
			.setLastEventAt(start.plusMillis(total))
			.setLastPositionMs(total)
			.setSegments(List.of())
			.setUniqueWatchedMs(total)
			.setPlayedMs(total)
			.setPlayedMsByDay(played)
			.setAds(List.of())
			.setEventCount(2)
			.setClosed(true)
			.build();
	}

	/** The session found to be invalid traffic (or valid again, with null). */
	static ViewingSession invalid(ViewingSession session, InvalidTraffic reason) {
		return ViewingSession.newBuilder(session).setInvalidTraffic(reason).build();
	}

}
