package dev.playback.aggregator.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Merging watched intervals into ascending, disjoint segments. */
public final class Segments {

	private Segments() {
	}

	/**
	 * The union of {@code intervals}: ascending, disjoint, touching ones joined, empty
	 * ones dropped.
	 */
	public static List<Interval> union(List<Interval> intervals) {
		List<Interval> sorted = intervals.stream()
			.filter((interval) -> interval.length() > 0)
			.sorted(Comparator.comparingLong(Interval::startMs))
			.toList();
		List<Interval> merged = new ArrayList<>();
		for (Interval next : sorted) {
			Interval last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
			if (last != null && next.startMs() <= last.endMs()) {
				merged.set(merged.size() - 1, new Interval(last.startMs(), Math.max(last.endMs(), next.endMs())));
			}
			else {
				merged.add(next);
			}
		}
		return merged;
	}

	public static long totalLength(List<Interval> segments) {
		return segments.stream().mapToLong(Interval::length).sum();
	}

}
