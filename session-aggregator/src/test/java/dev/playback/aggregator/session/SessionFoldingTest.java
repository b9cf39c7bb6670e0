package dev.playback.aggregator.session;

import java.time.Instant;
import java.time.LocalDate;

import dev.playback.schemas.DailyPlay;
import dev.playback.schemas.EventType;
import dev.playback.schemas.ViewingSession;
import org.junit.jupiter.api.Test;

import static dev.playback.aggregator.session.SessionTopologyTest.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

class SessionFoldingTest {

	static final Instant T0 = Instant.parse("2026-11-01T23:59:55Z");

	@Test
	void playIsCreditedWhenThePlayheadMovesAboutAsFastAsTheClock() {
		ViewingSession session = SessionFolding.apply(null, heartbeat("pb", 0, EventType.START, 0, T0));
		session = SessionFolding.apply(session, heartbeat("pb", 1, EventType.HEARTBEAT, 5_000, T0.plusSeconds(5)));
		assertThat(session.getPlayedMs()).isEqualTo(5_000);
		assertThat(session.getPlayedMsByDay()).containsExactly(new DailyPlay(LocalDate.parse("2026-11-02"), 5_000L));
	}

	@Test
	void jumpsAndStallsAreNotCredited() {
		ViewingSession session = SessionFolding.apply(null, heartbeat("pb", 0, EventType.START, 0, T0));
		// 5 s of clock, 60 s of playhead: a jump
		session = SessionFolding.apply(session, heartbeat("pb", 1, EventType.HEARTBEAT, 60_000, T0.plusSeconds(5)));
		// 31 s of clock: a stall
		session = SessionFolding.apply(session, heartbeat("pb", 2, EventType.HEARTBEAT, 65_000, T0.plusSeconds(36)));
		assertThat(session.getPlayedMs()).isZero();
		assertThat(session.getRevision()).isEqualTo(3);
		assertThat(session.getLastPositionMs()).isEqualTo(65_000);
	}

	@Test
	void theCreditBoundIsTwiceTheClockPlusOneSecond() {
		ViewingSession start = SessionFolding.apply(null, heartbeat("pb", 0, EventType.START, 0, T0));
		assertThat(SessionFolding.credited(start, heartbeat("pb", 1, EventType.HEARTBEAT, 11_000, T0.plusSeconds(5))))
			.isEqualTo(11_000);
		assertThat(SessionFolding.credited(start, heartbeat("pb", 1, EventType.HEARTBEAT, 11_001, T0.plusSeconds(5))))
			.isZero();
	}

}
