package dev.playback.rules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.playback.schemas.Heartbeat;
import org.junit.jupiter.api.Test;

import static dev.playback.schemas.EventType.AD_CLICK;
import static dev.playback.schemas.EventType.AD_COMPLETE;
import static dev.playback.schemas.EventType.AD_HEARTBEAT;
import static dev.playback.schemas.EventType.AD_SKIP;
import static dev.playback.schemas.EventType.AD_START;
import static dev.playback.schemas.EventType.HEARTBEAT;
import static dev.playback.schemas.EventType.PAUSE;
import static dev.playback.schemas.EventType.RESUME;
import static dev.playback.schemas.EventType.START;
import static dev.playback.schemas.EventType.STOP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** One test per clause of docs/contract.md section 2. */
class SessionRulesTest {

	private final Events e = new Events("pb");

	private static SessionSummary only(Heartbeat... events) {
		List<SessionSummary> sessions = SessionRules.sessions(List.of(events));
		assertThat(sessions).hasSize(1);
		return sessions.get(0);
	}

	@Test
	void playingBetweenHeartbeatsIsCreditedAsWatchedAndPlayed() {
		SessionSummary s = only(this.e.content(START, 0, 0), this.e.content(HEARTBEAT, 5, 5_000),
				this.e.content(HEARTBEAT, 10, 10_000), this.e.content(STOP, 12, 12_000));
		assertThat(s.segments()).containsExactly(new Interval(0, 12_000));
		assertThat(s.playedMs()).isEqualTo(12_000);
		assertThat(s.uniqueWatchedMs()).isEqualTo(12_000);
		assertThat(s.lastPositionMs()).isEqualTo(12_000);
		assertThat(s.startedAt()).isEqualTo(Events.T0);
		assertThat(s.lastEventAt()).isEqualTo(Events.T0.plusSeconds(12));
	}

	@Test
	void theBoundIsTwiceTheClockPlusOneSecondAndAtMostThirtySecondsApart() {
		assertThat(only(this.e.content(START, 0, 0), this.e.content(HEARTBEAT, 5, 11_000)).playedMs())
			.isEqualTo(11_000);
		Events other = new Events("pb2");
		assertThat(only(other.content(START, 0, 0), other.content(HEARTBEAT, 5, 11_001)).playedMs()).isZero();
		Events stall = new Events("pb3");
		assertThat(only(stall.content(START, 0, 0), stall.content(HEARTBEAT, 30.001, 1_000)).playedMs()).isZero();
		Events slow = new Events("pb4");
		assertThat(only(slow.content(START, 0, 0), slow.content(HEARTBEAT, 30, 1_000)).playedMs()).isEqualTo(1_000);
	}

	@Test
	void aPlayheadGoingBackIsNotCredited() {
		SessionSummary s = only(this.e.content(START, 0, 50_000), this.e.content(HEARTBEAT, 5, 40_000));
		assertThat(s.playedMs()).isZero();
		assertThat(s.segments()).isEmpty();
	}

	@Test
	void nothingIsCreditedWhilePausedAndResumeStartsPlayingAgain() {
		SessionSummary s = only(this.e.content(START, 0, 0), this.e.content(PAUSE, 5, 5_000),
				this.e.content(RESUME, 8, 5_000), this.e.content(HEARTBEAT, 13, 10_000));
		assertThat(s.playedMs()).isEqualTo(10_000);
		assertThat(s.segments()).containsExactly(new Interval(0, 10_000));
	}

	@Test
	void aHeartbeatWhilePausedStartsPlayingButTheGapBeforeItIsNotCredited() {
		SessionSummary s = only(this.e.content(START, 0, 0), this.e.content(PAUSE, 2, 2_000),
				this.e.content(HEARTBEAT, 4, 4_000), this.e.content(HEARTBEAT, 9, 9_000));
		assertThat(s.segments()).containsExactly(new Interval(0, 2_000), new Interval(4_000, 9_000));
		assertThat(s.playedMs()).isEqualTo(7_000);
	}

	@Test
	void aSeekEndsTheRunWhereThePlayheadLeftAndStartsANewOneWhilePlaying() {
		SessionSummary s = only(this.e.content(START, 0, 0), this.e.seek(3, 3_000L, 60_000),
				this.e.content(HEARTBEAT, 8, 65_000));
		assertThat(s.segments()).containsExactly(new Interval(0, 3_000), new Interval(60_000, 65_000));
		assertThat(s.playedMs()).isEqualTo(8_000);
	}

	@Test
	void aSeekWithoutItsFromPositionEndsTheRunAtThePreviousEvent() {
		SessionSummary s = only(this.e.content(START, 0, 0), this.e.content(HEARTBEAT, 5, 5_000),
				this.e.seek(8, null, 60_000), this.e.content(HEARTBEAT, 13, 65_000));
		assertThat(s.segments()).containsExactly(new Interval(0, 5_000), new Interval(60_000, 65_000));
	}

	@Test
	void aRewatchCountsAgainInPlayedButOnceInTheSegments() {
		SessionSummary s = only(this.e.content(START, 0, 0), this.e.content(HEARTBEAT, 5, 5_000),
				this.e.seek(5.5, 5_000L, 0), this.e.content(HEARTBEAT, 10.5, 5_000));
		assertThat(s.segments()).containsExactly(new Interval(0, 5_000));
		assertThat(s.uniqueWatchedMs()).isEqualTo(5_000);
		assertThat(s.playedMs()).isEqualTo(10_000);
	}

	@Test
	void playIsCreditedToTheUtcDayOfTheLaterEvent() {
		Events night = new Events("night");
		List<Heartbeat> events = new ArrayList<>();
		// 23:59:55 .. 00:00:05 UTC: the first 5 s go to the day of the event that closes
		// them
		events.add(night.content(START, 50_395, 0));
		events.add(night.content(HEARTBEAT, 50_400, 5_000));
		events.add(night.content(HEARTBEAT, 50_405, 10_000));
		SessionSummary s = SessionRules.sessions(events).get(0);
		assertThat(s.startedAt()).hasToString("2026-11-01T23:59:55Z");
		assertThat(s.playedMsByDay()).isEqualTo(Map.of(LocalDate.parse("2026-11-02"), 10_000L));
	}

	@Test
	void anAdStartPausesTheContentWhichGoesOnAfterTheAd() {
		SessionSummary s = only(this.e.content(START, 0, 0), this.e.content(HEARTBEAT, 5, 5_000),
				this.e.ad(AD_START, 6, "adpb", 0, 2_000), this.e.ad(AD_HEARTBEAT, 7, "adpb", 1_000, 2_000),
				this.e.ad(AD_COMPLETE, 8, "adpb", 2_000, 2_000), this.e.content(RESUME, 8.1, 6_000),
				this.e.content(HEARTBEAT, 13.1, 11_000));
		assertThat(s.segments()).containsExactly(new Interval(0, 5_000), new Interval(6_000, 11_000));
	}

	@Test
	void adPlaybackCreditsContinuousPlayAndNotesCompleteSkipAndClick() {
		SessionSummary s = only(this.e.ad(AD_START, 0, "a1", 0, 15_000),
				this.e.ad(AD_HEARTBEAT, 1, "a1", 1_000, 15_000), this.e.ad(AD_HEARTBEAT, 2, "a1", 2_000, 15_000),
				this.e.ad(AD_HEARTBEAT, 9, "a1", 3_000, 15_000), this.e.ad(AD_CLICK, 10, "a1", 4_000, 15_000),
				this.e.ad(AD_SKIP, 11, "a1", 5_000, 15_000));
		AdSummary ad = s.ads().get(0);
		assertThat(ad.adPlayedMs()).isEqualTo(4_000);
		assertThat(ad.maxContinuousMs()).as("the 7 s stall breaks the run").isEqualTo(2_000);
		assertThat(ad.maxPositionMs()).isEqualTo(5_000);
		assertThat(ad.completed()).isFalse();
		assertThat(ad.skipped()).isTrue();
		assertThat(ad.clicked()).isTrue();
		assertThat(ad.startedAt()).isEqualTo(Events.T0);
	}

	@Test
	void anAdIsCompleteByEventOrByReachingHalfASecondBeforeItsEnd() {
		SessionSummary byPosition = only(this.e.ad(AD_START, 0, "a1", 0, 2_000),
				this.e.ad(AD_HEARTBEAT, 1, "a1", 1_000, 2_000), this.e.ad(AD_HEARTBEAT, 1.5, "a1", 1_500, 2_000));
		assertThat(byPosition.ads().get(0).completed()).isTrue();
		Events other = new Events("pb2");
		SessionSummary notYet = only(other.ad(AD_START, 0, "a1", 0, 2_000),
				other.ad(AD_HEARTBEAT, 1.499, "a1", 1_499, 2_000));
		assertThat(notYet.ads().get(0).completed()).isFalse();
		Events third = new Events("pb3");
		SessionSummary byEvent = only(third.ad(AD_START, 0, "a1", 0, 2_000),
				third.ad(AD_COMPLETE, 0.5, "a1", 0, 2_000));
		assertThat(byEvent.ads().get(0).completed()).isTrue();
	}

	@Test
	void thirtyMinutesOfSilenceSplitsThePlaybackIntoNumberedSessions() {
		List<SessionSummary> sessions = SessionRules.sessions(List.of(this.e.content(START, 0, 0),
				this.e.content(HEARTBEAT, 5, 5_000), this.e.content(HEARTBEAT, 5 + 1800.001, 5_000),
				this.e.content(HEARTBEAT, 5 + 1805.001, 10_000), this.e.content(HEARTBEAT, 4000, 10_000)));
		assertThat(sessions).extracting(SessionSummary::sessionId).containsExactly("pb", "pb~2", "pb~3");
		assertThat(sessions).extracting(SessionSummary::playedMs).containsExactly(5_000L, 5_000L, 0L);
		Events exact = new Events("exact");
		assertThat(SessionRules.sessions(List.of(exact.content(START, 0, 0), exact.content(HEARTBEAT, 1800, 0))))
			.as("exactly 30 min apart is not more than 30 min")
			.hasSize(1);
	}

	@Test
	void aFoldTakesEventsInSeqOrderOnlyAndAnswersAsItGoes() {
		Heartbeat start = this.e.content(START, 0, 0);
		Heartbeat beat = this.e.content(HEARTBEAT, 5, 5_000);
		SessionFold fold = SessionFold.startingWith(start);
		assertThat(fold.summary("pb").playedMs()).isZero();
		fold.apply(beat);
		assertThat(fold.summary("pb").playedMs()).isEqualTo(5_000);
		assertThat(fold.lastSeq()).isEqualTo(1);
		assertThatIllegalArgumentException().isThrownBy(() -> fold.apply(start));
		assertThat(fold.summary("pb")).isEqualTo(SessionRules.sessions(List.of(beat, start)).get(0));
	}

	@Test
	void eventsAreTakenInSeqOrderOnceEach() {
		List<Heartbeat> events = new ArrayList<>(List.of(this.e.content(START, 0, 0),
				this.e.content(HEARTBEAT, 5, 5_000), this.e.content(HEARTBEAT, 10, 10_000)));
		SessionSummary inOrder = SessionRules.sessions(events).get(0);
		List<Heartbeat> shuffled = new ArrayList<>(events);
		shuffled.addAll(events);
		Collections.reverse(shuffled);
		assertThat(SessionRules.sessions(shuffled)).containsExactly(inOrder);
		assertThat(inOrder.eventCount()).isEqualTo(3);
	}

}
