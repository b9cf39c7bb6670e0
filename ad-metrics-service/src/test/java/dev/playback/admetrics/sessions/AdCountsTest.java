package dev.playback.admetrics.sessions;

import java.time.Instant;

import dev.playback.schemas.AdPlayback;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdCountsTest {

	@Test
	void anImpressionNeedsTwoContinuousSeconds() {
		assertThat(AdCounts.of(ad(15_000, 1_999, 1_999)).impressions()).as("1.9 s").isZero();
		assertThat(AdCounts.of(ad(15_000, 2_000, 2_000)).impressions()).as("2.0 s").isOne();
		AdPlayback interrupted = new AdPlayback("p", "ad", 15_000L, Instant.EPOCH, 3_800L, 1_900L, 3_800L, false, false,
				false);
		assertThat(AdCounts.of(interrupted).impressions()).as("3.8 s played, never 2 s in a row").isZero();
		assertThat(AdCounts.of(interrupted).starts()).as("every ad playback starts").isOne();
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
				false);
		AdCounts counts = AdCounts.of(skipped);
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
				true);
		AdPlayback byPosition = new AdPlayback("p", "ad", 15_000L, Instant.EPOCH, 14_500L, 14_500L, 14_500L, true,
				false, false);
		assertThat(AdCounts.of(byEvent).completes()).isOne();
		assertThat(AdCounts.of(byEvent).clicks()).isOne();
		assertThat(AdCounts.of(byPosition).completes()).isOne();
		assertThat(quartiles(byPosition)).containsExactly(1, 1, 1);
	}

	@Test
	void countsAddAndTakeAwayExactly() {
		AdCounts a = AdCounts.of(ad(10_000, 6_000, 6_000));
		AdCounts b = AdCounts.of(ad(10_000, 1_000, 1_000));
		assertThat(a.plus(b).plus(b.negated())).isEqualTo(a);
		assertThat(a.plus(a.negated()).isZero()).isTrue();
		assertThat(a.plus(b).adPlayedMs()).isEqualTo(7_000);
	}

	private static AdPlayback ad(long durationMs, long continuousMs, long positionMs) {
		return new AdPlayback("p", "ad", durationMs, Instant.EPOCH, continuousMs, continuousMs, positionMs, false,
				false, false);
	}

	private static long[] quartiles(AdPlayback ad) {
		AdCounts counts = AdCounts.of(ad);
		return new long[] { counts.firstQuartiles(), counts.midpoints(), counts.thirdQuartiles() };
	}

}
