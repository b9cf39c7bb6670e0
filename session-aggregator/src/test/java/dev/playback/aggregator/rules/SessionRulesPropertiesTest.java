package dev.playback.aggregator.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** Rules that must hold for every playback, not just the examples. */
class SessionRulesPropertiesTest {

	@Property(tries = 300)
	void anyOrderAndAnyDuplicatesGiveTheSameSessions(@ForAll("playbacks") List<Heartbeat> events,
			@ForAll long shuffleSeed) {
		List<Heartbeat> delivered = new ArrayList<>(events);
		Random random = new Random(shuffleSeed);
		for (int i = 0; i < events.size() / 3; i++) {
			delivered.add(events.get(random.nextInt(events.size())));
		}
		Collections.shuffle(delivered, random);
		assertThat(SessionRules.sessions(delivered)).isEqualTo(SessionRules.sessions(events));
	}

	@Property(tries = 300)
	void segmentsAreAscendingDisjointAndNoLongerThanPlay(@ForAll("playbacks") List<Heartbeat> events) {
		for (SessionSummary session : SessionRules.sessions(events)) {
			List<Interval> segments = session.segments();
			for (int i = 1; i < segments.size(); i++) {
				assertThat(segments.get(i).startMs()).isGreaterThan(segments.get(i - 1).endMs());
			}
			assertThat(segments).allSatisfy((segment) -> assertThat(segment.length()).isPositive());
			assertThat(session.uniqueWatchedMs()).isEqualTo(Segments.totalLength(segments))
				.isLessThanOrEqualTo(session.playedMs());
			assertThat(session.playedMsByDay().values().stream().mapToLong(Long::longValue).sum())
				.isEqualTo(session.playedMs());
		}
	}

	@Property(tries = 200)
	void sessionsCoverEveryDistinctEventOnceInSeqOrder(@ForAll("playbacks") List<Heartbeat> events) {
		List<SessionSummary> sessions = SessionRules.sessions(events);
		assertThat(sessions.stream().mapToInt(SessionSummary::eventCount).sum())
			.isEqualTo((int) events.stream().map(Heartbeat::getSeq).distinct().count());
		for (int i = 1; i < sessions.size(); i++) {
			assertThat(sessions.get(i).firstSeq()).isGreaterThan(sessions.get(i - 1).lastSeq());
			assertThat(sessions.get(i).sessionId()).isEqualTo(sessions.get(0).playbackId() + "~" + (i + 1));
		}
	}

	@Property(tries = 300)
	void mergingIsOrderFreeAndKeepsEveryCoveredPoint(@ForAll("intervals") List<Interval> intervals) {
		List<Interval> merged = Segments.union(intervals);
		List<Interval> reversed = new ArrayList<>(intervals);
		Collections.reverse(reversed);
		assertThat(Segments.union(reversed)).isEqualTo(merged);
		for (Interval interval : intervals) {
			if (interval.length() > 0) {
				assertThat(merged).anySatisfy((segment) -> assertThat(
						segment.startMs() <= interval.startMs() && interval.endMs() <= segment.endMs())
					.isTrue());
			}
		}
	}

	@Provide
	Arbitrary<List<Interval>> intervals() {
		return Combinators.combine(Arbitraries.longs().between(0, 100_000), Arbitraries.longs().between(0, 20_000))
			.as((start, length) -> new Interval(start, start + length))
			.list()
			.ofMaxSize(30);
	}

	/**
	 * A player's events: START, then heartbeats, pauses, resumes, seeks, ad breaks and
	 * gaps.
	 */
	@Provide
	Arbitrary<List<Heartbeat>> playbacks() {
		Arbitrary<Step> step = Combinators
			.combine(Arbitraries.of(EventType.HEARTBEAT, EventType.HEARTBEAT, EventType.HEARTBEAT, EventType.PAUSE,
					EventType.RESUME, EventType.SEEK, EventType.AD_START, EventType.AD_HEARTBEAT, EventType.STOP),
					Arbitraries.longs().between(0, 12_000), Arbitraries.longs().between(-20_000, 14_000),
					Arbitraries.integers().between(0, 40))
			.as(Step::new);
		return step.list().ofMinSize(1).ofMaxSize(40).map(SessionRulesPropertiesTest::play);
	}

	private record Step(EventType type, long clockMs, long playheadMs, int rareGap) {
	}

	private static List<Heartbeat> play(List<Step> steps) {
		Events events = new Events("pb");
		List<Heartbeat> out = new ArrayList<>();
		double seconds = 0;
		long position = 0;
		out.add(events.content(EventType.START, seconds, position));
		for (Step step : steps) {
			// now and then a long silence, which splits the playback
			seconds += (step.rareGap() == 0) ? 1_900 : step.clockMs() / 1000.0;
			long next = Math.max(0, position + step.playheadMs());
			switch (step.type()) {
				case SEEK -> out.add(events.seek(seconds, (step.rareGap() % 2 == 0) ? position : null, next));
				case AD_START, AD_HEARTBEAT -> out.add(events.ad(step.type(), seconds, "ad-" + (step.rareGap() % 3),
						Math.abs(step.playheadMs()) % 15_000, 15_000));
				default -> out.add(events.content(step.type(), seconds, next));
			}
			if (step.type() != EventType.AD_START && step.type() != EventType.AD_HEARTBEAT) {
				position = next;
			}
		}
		return out;
	}

}
