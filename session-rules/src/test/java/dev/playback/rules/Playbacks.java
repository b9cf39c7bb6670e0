package dev.playback.rules;

import java.util.ArrayList;
import java.util.List;

import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.TrafficClass;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated playbacks for the property tests of the rules and of the topology's state.
 */
public final class Playbacks {

	private Playbacks() {
	}

	/**
	 * A player's events: START, then heartbeats, pauses, resumes, seeks, ad breaks and
	 * gaps.
	 */
	public static Arbitrary<List<Heartbeat>> any() {
		Arbitrary<Step> step = Combinators
			.combine(Arbitraries.of(EventType.HEARTBEAT, EventType.HEARTBEAT, EventType.HEARTBEAT, EventType.PAUSE,
					EventType.RESUME, EventType.SEEK, EventType.AD_START, EventType.AD_HEARTBEAT, EventType.STOP),
					Arbitraries.longs().between(0, 12_000), Arbitraries.longs().between(-20_000, 14_000),
					Arbitraries.integers().between(0, 40))
			.as(Step::new);
		return step.list().ofMinSize(1).ofMaxSize(40).map(Playbacks::play);
	}

	/** Mostly measured, in view or not; now and then unmeasured. */
	private static Integer viewablePercent(Step step) {
		return (step.rareGap() % 7 == 0) ? null : (int) (Math.abs(step.playheadMs()) % 101);
	}

	private static String adServingId(Step step) {
		return (step.rareGap() % 5 == 0) ? null : "serving-" + (step.rareGap() % 4);
	}

	/** Now and then an event from a request ingest found invalid. */
	private static TrafficClass trafficClass(Step step) {
		return switch (step.rareGap()) {
			case 37 -> TrafficClass.GIVT_BOT_AGENT;
			case 38 -> TrafficClass.GIVT_DATACENTER;
			default -> TrafficClass.VALID;
		};
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
						Math.abs(step.playheadMs()) % 15_000, 15_000, viewablePercent(step), adServingId(step)));
				default -> out.add(events.content(step.type(), seconds, next, trafficClass(step)));
			}
			if (step.type() != EventType.AD_START && step.type() != EventType.AD_HEARTBEAT) {
				position = next;
			}
		}
		return out;
	}

}
