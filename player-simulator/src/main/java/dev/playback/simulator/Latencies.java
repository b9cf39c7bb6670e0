package dev.playback.simulator;

import java.util.Arrays;

/** Request latencies in nanoseconds, for percentiles at the end of a run. */
final class Latencies {

	private long[] values = new long[1024];

	private int count;

	synchronized void record(long nanos) {
		if (this.count == this.values.length) {
			this.values = Arrays.copyOf(this.values, this.count * 2);
		}
		this.values[this.count++] = nanos;
	}

	synchronized int count() {
		return this.count;
	}

	/** The {@code quantile} (0..1) in ms, or 0 without values. */
	synchronized double percentileMs(double quantile) {
		if (this.count == 0) {
			return 0;
		}
		long[] sorted = Arrays.copyOf(this.values, this.count);
		Arrays.sort(sorted);
		int index = (int) Math.min(this.count - 1, Math.max(0, Math.ceil(quantile * this.count) - 1));
		return sorted[index] / 1e6;
	}

}
