package dev.playback.localstack.bench;

import java.util.List;

/** The statistics the benchmarks print. */
final class Figures {

	private Figures() {
	}

	static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	/** The nearest-rank {@code quantile} (0..1) of sorted values; NaN for none. */
	static double percentile(List<Double> sorted, double quantile) {
		if (sorted.isEmpty()) {
			return Double.NaN;
		}
		int index = (int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(quantile * sorted.size()) - 1));
		return sorted.get(index);
	}

}
