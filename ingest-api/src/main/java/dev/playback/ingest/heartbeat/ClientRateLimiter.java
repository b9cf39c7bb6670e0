package dev.playback.ingest.heartbeat;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket per client: {@code rate} requests a second sustained, {@code burst} at
 * once. Buckets of clients that stopped sending are dropped once they would be full again
 * (a full bucket is the same as none), so memory follows the clients of the last few
 * seconds, not every client ever seen.
 */
final class ClientRateLimiter {

	/** How often idle buckets are swept, at most. */
	private static final long SWEEP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	/** A sweep comes early when this many clients are tracked. */
	private static final int SWEEP_EARLY_AT = 200_000;

	private final double tokensPerNano;

	private final double burst;

	private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

	private final AtomicLong nextSweep;

	ClientRateLimiter(int ratePerSecond, int burst, long nowNanos) {
		if (ratePerSecond <= 0) {
			throw new IllegalArgumentException("rate must be positive, not " + ratePerSecond);
		}
		this.tokensPerNano = ratePerSecond / 1e9;
		this.burst = Math.max(1, (burst > 0) ? burst : 2 * ratePerSecond);
		this.nextSweep = new AtomicLong(nowNanos + SWEEP_INTERVAL_NANOS);
	}

	/**
	 * Takes one request's token for {@code client}.
	 * @return 0 when the request may go ahead, else how many whole seconds (at least 1)
	 * until it may
	 */
	long acquire(String client, long nowNanos) {
		sweepIfDue(nowNanos);
		Bucket bucket = this.buckets.computeIfAbsent(client, (key) -> new Bucket(this.burst, nowNanos));
		double missing = bucket.take(nowNanos, this.tokensPerNano, this.burst);
		if (missing <= 0) {
			return 0;
		}
		return Math.max(1, (long) Math.ceil(missing / this.tokensPerNano / 1e9));
	}

	/** How many clients have a bucket now. */
	int tracked() {
		return this.buckets.size();
	}

	private void sweepIfDue(long nowNanos) {
		long due = this.nextSweep.get();
		boolean early = this.buckets.size() >= SWEEP_EARLY_AT;
		if ((nowNanos - due >= 0 || early) && this.nextSweep.compareAndSet(due, nowNanos + SWEEP_INTERVAL_NANOS)) {
			this.buckets.values().removeIf((bucket) -> bucket.fullAt(nowNanos, this.tokensPerNano, this.burst));
		}
	}

	private static final class Bucket {

		private double tokens;

		private long updatedNanos;

		Bucket(double tokens, long nowNanos) {
			this.tokens = tokens;
			this.updatedNanos = nowNanos;
		}

		/** Takes a token; or how many tokens short the bucket is (nothing taken). */
		synchronized double take(long nowNanos, double tokensPerNano, double burst) {
			refill(nowNanos, tokensPerNano, burst);
			if (this.tokens >= 1) {
				this.tokens -= 1;
				return 0;
			}
			return 1 - this.tokens;
		}

		synchronized boolean fullAt(long nowNanos, double tokensPerNano, double burst) {
			refill(nowNanos, tokensPerNano, burst);
			return this.tokens >= burst;
		}

		private void refill(long nowNanos, double tokensPerNano, double burst) {
			long elapsed = nowNanos - this.updatedNanos;
			if (elapsed > 0) {
				this.tokens = Math.min(burst, this.tokens + elapsed * tokensPerNano);
				this.updatedNanos = nowNanos;
			}
		}

	}

}
