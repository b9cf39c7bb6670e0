package dev.playback.rules;

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

	@Property(tries = 300)
	void addingOneAtATimeIsTheUnion(@ForAll("intervals") List<Interval> intervals) {
		List<Interval> segments = List.of();
		for (Interval interval : intervals) {
			segments = Segments.add(segments, interval);
		}
		assertThat(segments).isEqualTo(Segments.union(intervals));
	}

	@Provide
	Arbitrary<List<Interval>> intervals() {
		return Combinators.combine(Arbitraries.longs().between(0, 100_000), Arbitraries.longs().between(0, 20_000))
			.as((start, length) -> new Interval(start, start + length))
			.list()
			.ofMaxSize(30);
	}

	@Provide
	Arbitrary<List<Heartbeat>> playbacks() {
		return Playbacks.any();
	}

}
