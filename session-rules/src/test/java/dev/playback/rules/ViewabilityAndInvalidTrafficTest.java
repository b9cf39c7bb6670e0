package dev.playback.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.InvalidTraffic;
import dev.playback.schemas.TrafficClass;
import org.junit.jupiter.api.Test;

import static dev.playback.schemas.EventType.AD_HEARTBEAT;
import static dev.playback.schemas.EventType.AD_START;
import static dev.playback.schemas.EventType.HEARTBEAT;
import static dev.playback.schemas.EventType.START;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The round-2 clauses of docs/contract.md section 2: viewability per ad playback (MRC
 * video: 2 continuous seconds with at least half of the ad in view) and invalid traffic
 * per session (ingest's classes, and the activity rule).
 */
class ViewabilityAndInvalidTrafficTest {

	private final Events e = new Events("pb");

	private static SessionSummary only(List<Heartbeat> events) {
		List<SessionSummary> sessions = SessionRules.sessions(events);
		assertThat(sessions).hasSize(1);
		return sessions.get(0);
	}

	/**
	 * An ad playing a second per second, one event a second, each reporting its share.
	 */
	private List<Heartbeat> adInView(Integer... percents) {
		List<Heartbeat> events = new ArrayList<>();
		for (int i = 0; i < percents.length; i++) {
			events.add(this.e.ad((i == 0) ? AD_START : AD_HEARTBEAT, i, "a1", i * 1_000L, 15_000, percents[i],
					"serving-1"));
		}
		return events;
	}

	@Test
	void twoSecondsInViewFromTheRunsFirstEventToItsLastMakeAnAdViewable() {
		AdSummary exactly = only(adInView(50, 50, 50)).ads().get(0);
		assertThat(exactly.viewable()).as("0 s to 2 s, every event at 50%").isTrue();
		assertThat(exactly.measurable()).isTrue();
		assertThat(exactly.adServingId()).isEqualTo("serving-1");
		Events other = new Events("pb2");
		AdSummary short1 = only(List.of(other.ad(AD_START, 0, "a1", 0, 15_000, 90, null),
				other.ad(AD_HEARTBEAT, 1, "a1", 1_000, 15_000, 90, null),
				other.ad(AD_HEARTBEAT, 1.999, "a1", 1_999, 15_000, 90, null)))
			.ads()
			.get(0);
		assertThat(short1.viewable()).as("1,999 ms in view").isFalse();
	}

	@Test
	void oneEventUnderHalfInViewBreaksTheRun() {
		AdSummary broken = only(adInView(100, 100, 49, 100, 100)).ads().get(0);
		assertThat(broken.viewable()).as("1 s, then 1 s after the event at 49%").isFalse();
		assertThat(broken.maxContinuousMs()).as("the play itself is continuous").isEqualTo(4_000);
		AdSummary after = only(adInView(100, 100, 49, 100, 100, 100)).ads().get(0);
		assertThat(after.viewable()).as("2 s in view after the break").isTrue();
	}

	@Test
	void aStallInThePlayBreaksTheViewableRunToo() {
		Events other = new Events("pb2");
		AdSummary stalled = only(List.of(other.ad(AD_START, 0, "a1", 0, 15_000, 100, null),
				other.ad(AD_HEARTBEAT, 1, "a1", 1_000, 15_000, 100, null),
				other.ad(AD_HEARTBEAT, 7, "a1", 2_000, 15_000, 100, null),
				other.ad(AD_HEARTBEAT, 8, "a1", 3_000, 15_000, 100, null)))
			.ads()
			.get(0);
		assertThat(stalled.viewable()).as("6 s between two events: not credited, the run starts again").isFalse();
	}

	@Test
	void anAdIsMeasurableOnlyWhenEveryEventCarriedTheMeasure() {
		AdSummary unmeasured = only(adInView(100, 100, null, 100, 100)).ads().get(0);
		assertThat(unmeasured.measurable()).isFalse();
		assertThat(unmeasured.viewable()).as("the unmeasured event is not in view").isFalse();
		AdSummary none = only(List.of(this.e.ad(AD_START, 0, "a1", 0, 15_000))).ads().get(0);
		assertThat(none.measurable()).isFalse();
		assertThat(none.adServingId()).isNull();
	}

	@Test
	void theSameEventsInAnyOrderGiveTheSameViewability() {
		List<Heartbeat> events = adInView(80, 30, 80, 80, 80, 10, 60);
		SessionSummary inOrder = only(events);
		List<Heartbeat> shuffled = new ArrayList<>(events);
		Collections.shuffle(shuffled, new Random(7));
		assertThat(only(shuffled)).isEqualTo(inOrder);
		assertThat(inOrder.ads().get(0).viewable()).isTrue();
	}

	@Test
	void aSessionIsInvalidForTheFirstReasonInSeqOrder() {
		List<Heartbeat> events = List.of(this.e.content(START, 0, 0), this.e.content(HEARTBEAT, 5, 5_000),
				this.e.content(HEARTBEAT, 10, 10_000, TrafficClass.GIVT_DATACENTER),
				this.e.content(HEARTBEAT, 15, 15_000, TrafficClass.GIVT_BOT_AGENT));
		SessionSummary session = only(events);
		assertThat(session.invalidTraffic()).isEqualTo(InvalidTraffic.GIVT_DATACENTER);
		assertThat(session.playedMs()).as("its figures are still what the rules give").isEqualTo(15_000);
		List<Heartbeat> reversed = new ArrayList<>(events);
		Collections.reverse(reversed);
		assertThat(only(reversed).invalidTraffic()).isEqualTo(InvalidTraffic.GIVT_DATACENTER);
		assertThat(only(List.of(new Events("ok").content(START, 0, 0))).invalidTraffic()).isNull();
	}

	@Test
	void moreThan120EventsWithin60SecondsIsInvalidActivity() {
		assertThat(only(burst("pb119", 119, 60_000)).invalidTraffic()).as("119 events in 60 s").isNull();
		assertThat(only(burst("pb120", 120, 60_000)).invalidTraffic()).as("120 events in 60 s").isNull();
		assertThat(only(burst("pb121", 121, 60_000)).invalidTraffic()).as("121 events in 60 s")
			.isEqualTo(InvalidTraffic.GIVT_ACTIVITY);
		assertThat(only(burst("pb121slow", 121, 60_001)).invalidTraffic()).as("121 events in 60.001 s").isNull();
	}

	@Test
	void theActivityRuleLooksAtEvery60SecondsOfThePlaybackNotOnlyItsStart() {
		List<Heartbeat> events = new ArrayList<>();
		Events replay = new Events("bot");
		// ten minutes of a normal player, then a replay bot's three events a second
		for (int i = 0; i < 120; i++) {
			events.add(replay.content((i == 0) ? START : HEARTBEAT, i * 5, i * 5_000L));
		}
		double at = 600;
		for (int i = 0; i < 121; i++) {
			events.add(replay.content(HEARTBEAT, at + i / 3.0, 600_000 + i * 333L));
		}
		assertThat(only(events).invalidTraffic()).isEqualTo(InvalidTraffic.GIVT_ACTIVITY);
		Collections.shuffle(events, new Random(3));
		assertThat(only(events).invalidTraffic()).as("in any arrival order").isEqualTo(InvalidTraffic.GIVT_ACTIVITY);
	}

	/** {@code count} heartbeats spread evenly from the first to {@code spanMs} later. */
	private static List<Heartbeat> burst(String playbackId, int count, long spanMs) {
		Events events = new Events(playbackId);
		List<Heartbeat> out = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			double seconds = (count == 1) ? 0 : i * (spanMs / 1000.0) / (count - 1);
			out.add(events.content((i == 0) ? START : HEARTBEAT, seconds, Math.round(seconds * 1000)));
		}
		return out;
	}

}
