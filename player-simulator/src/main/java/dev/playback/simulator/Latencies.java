package dev.playback.simulator;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Request latencies, for percentiles at the end of a run: an HdrHistogram of nanoseconds
 * (3 significant digits), which the senders' threads record into.
 */
final class Latencies {

	private final Histogram histogram = new ConcurrentHistogram(3);

	void record(long nanos) {
		this.histogram.recordValue(Math.max(0, nanos));
	}

	int count() {
		return (int) this.histogram.getTotalCount();
	}

	/** The {@code quantile} (0..1) in ms, or 0 without values. */
	double percentileMs(double quantile) {
		if (this.histogram.getTotalCount() == 0) {
			return 0;
		}
		return this.histogram.getValueAtPercentile(quantile * 100) / 1e6;
	}

}
