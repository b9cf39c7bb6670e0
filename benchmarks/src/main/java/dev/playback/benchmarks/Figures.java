package dev.playback.benchmarks;

import java.util.List;

import org.HdrHistogram.Histogram;

/** The statistics the benchmarks print. */
final class Figures {

	private Figures() {
	}

	/** The median of a few measured passes (the middle one, or the mean of the two). */
	static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	/**
	 * The {@code quantile} (0..1) of latencies in ms, from an HdrHistogram of them in
	 * microseconds (3 significant digits); NaN for none.
	 */
	static double percentile(List<Double> millis, double quantile) {
		if (millis.isEmpty()) {
			return Double.NaN;
		}
		Histogram histogram = new Histogram(3);
		for (double value : millis) {
			histogram.recordValue(Math.max(0, Math.round(value * 1000)));
		}
		return histogram.getValueAtPercentile(quantile * 100) / 1000.0;
	}

}
