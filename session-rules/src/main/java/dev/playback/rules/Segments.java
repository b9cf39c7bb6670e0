package dev.playback.rules;

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

	/**
	 * {@code segments} (ascending, disjoint) with {@code interval} merged in: the same as
	 * {@link #union} of both, in one pass without sorting.
	 */
	public static List<Interval> add(List<Interval> segments, Interval interval) {
		if (interval.length() <= 0) {
			return segments;
		}
		List<Interval> result = new ArrayList<>(segments.size() + 1);
		long start = interval.startMs();
		long end = interval.endMs();
		boolean placed = false;
		for (Interval segment : segments) {
			if (segment.endMs() < start) {
				result.add(segment);
			}
			else if (segment.startMs() > end) {
				if (!placed) {
					result.add(new Interval(start, end));
					placed = true;
				}
				result.add(segment);
			}
			else {
				start = Math.min(start, segment.startMs());
				end = Math.max(end, segment.endMs());
			}
		}
		if (!placed) {
			result.add(new Interval(start, end));
		}
		return result;
	}

	public static long totalLength(List<Interval> segments) {
		return segments.stream().mapToLong(Interval::length).sum();
	}

}
