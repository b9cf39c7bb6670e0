package dev.playback.portal.campaigns;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import dev.playback.portal.suite.Api.ReportRow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CampaignFiguresTest {

	@Test
	void theFunnelSumsEveryRowsCounts() {
		CampaignFigures.Funnel funnel = CampaignFigures.Funnel
			.of(List.of(row("2026-12-01T10:00:00Z", "c1", 5, 6, null), row("2026-12-01T10:00:00Z", "c2", 2, 3, null)));
		assertThat(funnel).isEqualTo(new CampaignFigures.Funnel(9, 7, 5, 3, 1, 7, 4, 2));
	}

	@Test
	void theTimelineHasEveryBucketOfTheRangeWithTheGroupsSummed() {
		CampaignFigures.Timeline timeline = CampaignFigures.Timeline.of(
				List.of(row("2026-12-01T01:00:00Z", "c1", 5, 6, null), row("2026-12-01T01:00:00Z", "c2", 2, 3, null),
						row("2026-12-01T03:00:00Z", "c1", 1, 1, null)),
				LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 1), true);
		assertThat(timeline.buckets()).hasSize(24).startsWith(Instant.parse("2026-12-01T00:00:00Z"));
		assertThat(timeline.impressions().subList(0, 5)).containsExactly(0L, 7L, 0L, 1L, 0L);
		assertThat(timeline.viewable()).as("no row reports viewability").isNull();
	}

	@Test
	void viewableImpressionsAreDrawnWhenTheServiceReportsThem() {
		CampaignFigures.Timeline timeline = CampaignFigures.Timeline.of(
				List.of(row("2026-12-02T00:00:00Z", "c1", 5, 6, 4L), row("2026-12-02T00:00:00Z", "c2", 2, 3, 1L)),
				LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 3), false);
		assertThat(timeline.impressions()).containsExactly(0L, 7L, 0L);
		assertThat(timeline.viewable()).containsExactly(0L, 5L, 0L);
	}

	private static ReportRow row(String bucket, String group, long impressions, long starts, Long viewable) {
		return new ReportRow(Instant.parse(bucket), group, impressions, starts, starts - 1, starts - 2, starts - 3,
				starts - 4, 1, 2, BigDecimal.ONE, 1000, 3, BigDecimal.TEN, viewable, viewable, null, null);
	}

}
