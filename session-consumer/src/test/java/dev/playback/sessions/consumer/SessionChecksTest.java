package dev.playback.sessions.consumer;

import java.time.LocalDate;
import java.util.List;
import java.util.function.UnaryOperator;

import dev.playback.schemas.AdPlayback;
import dev.playback.schemas.DailyPlay;
import dev.playback.schemas.ViewingSession;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SessionChecksTest {

	@Test
	void aSessionTheAggregatorWritesPasses() {
		assertThat(SessionChecks.problem(Sessions.valid("s-1"))).isNull();
	}

	@Test
	void eachRuleIsNamed() {
		assertThat(broken((s) -> s.setSessionId(""))).contains("sessionId");
		assertThat(broken((s) -> s.setSessionId("x".repeat(81)))).contains("sessionId");
		assertThat(broken((s) -> s.setVideoId("v".repeat(65)))).contains("videoId");
		assertThat(broken((s) -> s.setRevision(0))).contains("revision");
		assertThat(broken((s) -> s.setLastEventAt(s.getStartedAt().minusMillis(1)))).contains("lastEventAt");
		assertThat(broken((s) -> s.setUniqueWatchedMs(120_001))).contains("uniqueWatchedMs <= playedMs");
		assertThat(broken((s) -> s.setPlayedMs(120_001).setUniqueWatchedMs(0))).contains("sums to 120000");
		assertThat(broken((s) -> s.setPlayedMsByDay(List.of(day("2026-11-01", 60_000), day("2026-11-01", 60_000)))))
			.contains("repeated day");
		assertThat(broken((s) -> s.setPlayedMsByDay(List.of(day("2026-11-01", 180_000), day("2026-11-02", -60_000)))))
			.contains("negative");
		assertThat(broken((s) -> s.setAds(List.of(ad("a-1", 0))))).contains("a-1");
		assertThat(broken((s) -> s.setAds(List.of(ad("a-1", 15_000), ad("a-1", 15_000))))).contains("repeated");
	}

	@Test
	void aSessionWithAdsAndNoPlayPasses() {
		ViewingSession onlyAds = ViewingSession.newBuilder(Sessions.valid("s-2"))
			.setPlayedMs(0)
			.setUniqueWatchedMs(0)
			.setPlayedMsByDay(List.of())
			.setAds(List.of(ad("a-1", 15_000), ad("a-2", 30_000)))
			.build();
		assertThat(SessionChecks.problem(onlyAds)).isNull();
	}

	private static String broken(UnaryOperator<ViewingSession.Builder> change) {
		return SessionChecks.problem(change.apply(ViewingSession.newBuilder(Sessions.valid("s-1"))).build());
	}

	private static DailyPlay day(String day, long playedMs) {
		return new DailyPlay(LocalDate.parse(day), playedMs);
	}

	private static AdPlayback ad(String id, long durationMs) {
		return new AdPlayback(id, "ad-1", durationMs, Sessions.valid("x").getStartedAt(), 2_000L, 2_000L, 2_000L, false,
				false, false, false, false, null);
	}

}
