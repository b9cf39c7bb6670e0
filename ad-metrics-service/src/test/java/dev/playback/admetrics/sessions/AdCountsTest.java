package dev.playback.admetrics.sessions;

import java.time.Instant;

import dev.playback.schemas.AdPlayback;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdCountsTest {

	@Test
	void anImpressionNeedsTwoContinuousSeconds() {
		assertThat(AdCounts.of(ad(15_000, 1_999, 1_999), false).impressions()).as("1.9 s").isZero();
		assertThat(AdCounts.of(ad(15_000, 2_000, 2_000), false).impressions()).as("2.0 s").isOne();
		AdPlayback interrupted = new AdPlayback("p", "ad", 15_000L, Instant.EPOCH, 3_800L, 1_900L, 3_800L, false, false,
				false, false, false, null);
		assertThat(AdCounts.of(interrupted, false).impressions()).as("3.8 s played, never 2 s in a row").isZero();
		assertThat(AdCounts.of(interrupted, false).starts()).as("every ad playback starts").isOne();
	}

	@Test
	void quartilesAreReachedAtTheirExactEdge() {
		assertThat(quartiles(ad(10_000, 2_499, 2_499))).containsExactly(0, 0, 0);
		assertThat(quartiles(ad(10_000, 2_500, 2_500))).containsExactly(1, 0, 0);
		assertThat(quartiles(ad(10_000, 4_999, 4_999))).containsExactly(1, 0, 0);
		assertThat(quartiles(ad(10_000, 5_000, 5_000))).containsExactly(1, 1, 0);
		assertThat(quartiles(ad(10_000, 7_499, 7_499))).containsExactly(1, 1, 0);
		assertThat(quartiles(ad(10_000, 7_500, 7_500))).containsExactly(1, 1, 1);
		assertThat(quartiles(ad(15_001, 3_750, 3_750))).as("25% of 15,001 ms is 3,750.25 ms").containsExactly(0, 0, 0);
		assertThat(quartiles(ad(15_001, 3_751, 3_751))).containsExactly(1, 0, 0);
	}

	@Test
	void aSkipAfterTheMidpointCountsBothAndNoCompletion() {
		AdPlayback skipped = new AdPlayback("p", "ad", 30_000L, Instant.EPOCH, 16_000L, 16_000L, 16_000L, false, true,
				false, false, false, null);
		AdCounts counts = AdCounts.of(skipped, false);
		assertThat(counts.midpoints()).isOne();
		assertThat(counts.thirdQuartiles()).isZero();
		assertThat(counts.skips()).isOne();
		assertThat(counts.completes()).isZero();
		assertThat(counts.impressions()).isOne();
	}

	@Test
	void aCompletionCountsWhetherByEventOrByPosition() {
		// the aggregator sets completed on AD_COMPLETE, or when the playhead reached the
		// end less 500 ms
		AdPlayback byEvent = new AdPlayback("p", "ad", 15_000L, Instant.EPOCH, 3_000L, 3_000L, 3_000L, true, false,
				true, false, false, null);
		AdPlayback byPosition = new AdPlayback("p", "ad", 15_000L, Instant.EPOCH, 14_500L, 14_500L, 14_500L, true,
				false, false, false, false, null);
		assertThat(AdCounts.of(byEvent, false).completes()).isOne();
		assertThat(AdCounts.of(byEvent, false).clicks()).isOne();
		assertThat(AdCounts.of(byPosition, false).completes()).isOne();
		assertThat(quartiles(byPosition)).containsExactly(1, 1, 1);
	}

	@Test
	void countsAddAndTakeAwayExactly() {
		AdCounts a = AdCounts.of(ad(10_000, 6_000, 6_000), false);
		AdCounts b = AdCounts.of(ad(10_000, 1_000, 1_000), false);
		assertThat(a.plus(b).plus(b.negated())).isEqualTo(a);
		assertThat(a.plus(a.negated()).isZero()).isTrue();
		assertThat(a.plus(b).adPlayedMs()).isEqualTo(7_000);
	}

	@Test
	void anInvalidSessionsImpressionIsExcludedFromEveryOtherCounter() {
		AdPlayback impression = viewability(ad(10_000, 6_000, 10_000), true, true);
		AdCounts invalid = AdCounts.of(impression, true);
		assertThat(invalid.givtExcludedImpressions()).isOne();
		assertThat(invalid.plus(new AdCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, -1, 0, 0)).isZero()).as("nothing else counted")
			.isTrue();
		assertThat(AdCounts.of(ad(10_000, 1_000, 1_000), true).isZero()).as("no impression, nothing at all").isTrue();
		assertThat(AdCounts.of(impression, false).givtExcludedImpressions()).isZero();
	}

	@Test
	void viewableImpressionsAreMeasurableImpressionsThatWereViewable() {
		AdCounts viewable = AdCounts.of(viewability(ad(10_000, 6_000, 6_000), true, true), false);
		assertThat(new long[] { viewable.measurableImpressions(), viewable.viewableImpressions() }).containsExactly(1,
				1);
		AdCounts notInView = AdCounts.of(viewability(ad(10_000, 6_000, 6_000), true, false), false);
		assertThat(new long[] { notInView.measurableImpressions(), notInView.viewableImpressions() }).containsExactly(1,
				0);
		AdCounts unmeasured = AdCounts.of(viewability(ad(10_000, 6_000, 6_000), false, true), false);
		assertThat(new long[] { unmeasured.measurableImpressions(), unmeasured.viewableImpressions() })
			.as("a run in view, but some event did not say: not measurable, so not counted viewable")
			.containsExactly(0, 0);
		AdCounts noImpression = AdCounts.of(viewability(ad(10_000, 1_000, 1_000), true, false), false);
		assertThat(noImpression.measurableImpressions()).as("no impression to measure").isZero();
	}

	private static AdPlayback viewability(AdPlayback ad, boolean measurable, boolean viewable) {
		return AdPlayback.newBuilder(ad).setMeasurable(measurable).setViewable(viewable).build();
	}

	private static AdPlayback ad(long durationMs, long continuousMs, long positionMs) {
		return new AdPlayback("p", "ad", durationMs, Instant.EPOCH, continuousMs, continuousMs, positionMs, false,
				false, false, false, false, null);
	}

	private static long[] quartiles(AdPlayback ad) {
		AdCounts counts = AdCounts.of(ad, false);
		return new long[] { counts.firstQuartiles(), counts.midpoints(), counts.thirdQuartiles() };
	}

}
