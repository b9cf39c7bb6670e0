package dev.playback.rules;

/**
 * A watched stretch of content, {@code [startMs, endMs]}, {@code endMs - startMs} ms
 * long.
 *
 * @param startMs where it starts
 * @param endMs where it ends
 */
public record Interval(long startMs, long endMs) {

	public Interval {
		if (endMs < startMs) {
			throw new IllegalArgumentException("An interval ends after it starts: " + startMs + ".." + endMs);
		}
	}

	public long length() {
		return this.endMs - this.startMs;
	}

}
