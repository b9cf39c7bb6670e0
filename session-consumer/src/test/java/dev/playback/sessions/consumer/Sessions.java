package dev.playback.sessions.consumer;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import dev.playback.schemas.DailyPlay;
import dev.playback.schemas.ViewingSession;

/** Valid sessions for tests to break one rule at a time. */
final class Sessions {

	private Sessions() {
	}

	static ViewingSession valid(String id) {
		Instant start = Instant.parse("2026-11-01T23:59:00Z");
		return ViewingSession.newBuilder()
			.setSessionId(id)
			.setPlaybackId(id)
			.setRevision(1)
			.setUserId("user-1")
			.setVideoId("video-1")
			.setStartedAt(start)
			.setLastEventAt(start.plusSeconds(120))
			.setLastPositionMs(120_000)
			.setSegments(List.of())
			.setUniqueWatchedMs(100_000)
			.setPlayedMs(120_000)
			.setPlayedMsByDay(List.of(new DailyPlay(LocalDate.parse("2026-11-01"), 60_000L),
					new DailyPlay(LocalDate.parse("2026-11-02"), 60_000L)))
			.setAds(List.of())
			.setEventCount(25)
			.setClosed(false)
			.build();
	}

}
