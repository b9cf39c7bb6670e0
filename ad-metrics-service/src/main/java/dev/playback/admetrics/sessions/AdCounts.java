package dev.playback.admetrics.sessions;

import dev.playback.schemas.AdPlayback;

/**
 * The counters of docs/contract.md section 4 for some ad playbacks: they add and
 * subtract, so a revision changes a rollup row by exactly its difference. Ad playbacks of
 * sessions of general invalid traffic count in {@code givtExcludedImpressions} (when they
 * made an impression) and in nothing else.
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
 * @param givtExcludedImpressions impressions of invalid sessions, kept out of every other
 * counter
 * @param measurableImpressions impressions whose every event carried viewablePercent
 * @param viewableImpressions measurable impressions that were viewable (2 continuous
 * seconds with at least half of the ad in view)
 */
public record AdCounts(long starts, long impressions, long firstQuartiles, long midpoints, long thirdQuartiles,
		long completes, long skips, long clicks, long adPlayedMs, long givtExcludedImpressions,
		long measurableImpressions, long viewableImpressions) {

	/** Continuous play that makes an impression, in ms. */
	public static final long IMPRESSION_MS = 2_000;

	public static final AdCounts ZERO = new AdCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

	/**
	 * @param ad an ad playback
	 * @param invalid whether its session is general invalid traffic
	 */
	public static AdCounts of(AdPlayback ad, boolean invalid) {
		boolean impression = isImpression(ad);
		if (invalid) {
			return new AdCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, one(impression), 0, 0);
		}
		long position = ad.getMaxPositionMs();
		long duration = ad.getDurationMs();
		boolean measurable = impression && ad.getMeasurable();
		return new AdCounts(1, one(impression), one(4 * position >= duration), one(2 * position >= duration),
				one(4 * position >= 3 * duration), one(ad.getCompleted()), one(ad.getSkipped()), one(ad.getClicked()),
				ad.getAdPlayedMs(), 0, one(measurable), one(measurable && ad.getViewable()));
	}

	public static boolean isImpression(AdPlayback ad) {
		return ad.getMaxContinuousMs() >= IMPRESSION_MS;
	}

	public AdCounts plus(AdCounts other) {
		return new AdCounts(this.starts + other.starts, this.impressions + other.impressions,
				this.firstQuartiles + other.firstQuartiles, this.midpoints + other.midpoints,
				this.thirdQuartiles + other.thirdQuartiles, this.completes + other.completes, this.skips + other.skips,
				this.clicks + other.clicks, this.adPlayedMs + other.adPlayedMs,
				this.givtExcludedImpressions + other.givtExcludedImpressions,
				this.measurableImpressions + other.measurableImpressions,
				this.viewableImpressions + other.viewableImpressions);
	}

	public AdCounts negated() {
		return new AdCounts(-this.starts, -this.impressions, -this.firstQuartiles, -this.midpoints,
				-this.thirdQuartiles, -this.completes, -this.skips, -this.clicks, -this.adPlayedMs,
				-this.givtExcludedImpressions, -this.measurableImpressions, -this.viewableImpressions);
	}

	public boolean isZero() {
		return equals(ZERO);
	}

	private static long one(boolean value) {
		return value ? 1 : 0;
	}

}
