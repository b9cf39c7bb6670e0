package dev.playback.admetrics.sessions;

import dev.playback.schemas.AdPlayback;

/**
 * The counters of docs/contract.md section 4 for some ad playbacks: they add and
 * subtract, so a revision changes a rollup row by exactly its difference.
 *
 * @param starts ad playbacks (every one starts)
 * @param impressions ad playbacks with at least {@value #IMPRESSION_MS} ms of continuous
 * play (the MRC video duration rule)
 * @param firstQuartiles playbacks whose furthest credited position reached 25% of the ad
 * @param midpoints reached 50%
 * @param thirdQuartiles reached 75%
 * @param completes completed (AD_COMPLETE, or the playhead reached the end less 500 ms)
 * @param skips skipped
 * @param clicks clicked
 * @param adPlayedMs credited ad play time
 */
public record AdCounts(long starts, long impressions, long firstQuartiles, long midpoints, long thirdQuartiles,
		long completes, long skips, long clicks, long adPlayedMs) {

	/** Continuous play that makes an impression, in ms. */
	public static final long IMPRESSION_MS = 2_000;

	public static final AdCounts ZERO = new AdCounts(0, 0, 0, 0, 0, 0, 0, 0, 0);

	public static AdCounts of(AdPlayback ad) {
		long position = ad.getMaxPositionMs();
		long duration = ad.getDurationMs();
		return new AdCounts(1, one(isImpression(ad)), one(4 * position >= duration), one(2 * position >= duration),
				one(4 * position >= 3 * duration), one(ad.getCompleted()), one(ad.getSkipped()), one(ad.getClicked()),
				ad.getAdPlayedMs());
	}

	public static boolean isImpression(AdPlayback ad) {
		return ad.getMaxContinuousMs() >= IMPRESSION_MS;
	}

	public AdCounts plus(AdCounts other) {
		return new AdCounts(this.starts + other.starts, this.impressions + other.impressions,
				this.firstQuartiles + other.firstQuartiles, this.midpoints + other.midpoints,
				this.thirdQuartiles + other.thirdQuartiles, this.completes + other.completes, this.skips + other.skips,
				this.clicks + other.clicks, this.adPlayedMs + other.adPlayedMs);
	}

	public AdCounts negated() {
		return new AdCounts(-this.starts, -this.impressions, -this.firstQuartiles, -this.midpoints,
				-this.thirdQuartiles, -this.completes, -this.skips, -this.clicks, -this.adPlayedMs);
	}

	public boolean isZero() {
		return equals(ZERO);
	}

	private static long one(boolean value) {
		return value ? 1 : 0;
	}

}
