package dev.playback.portal.campaigns;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.playback.portal.suite.Api.ReportRow;

/**
 * What the advertiser's page shows, from the report rows: impressions over time, the
 * quartile funnel, breakdowns. Counts are summed across rows (they add up); viewers are
 * never summed (a viewer in two rows is one viewer): reach comes from the service's own
 * merge over the range.
 */
final class CampaignFigures {

	private CampaignFigures() {
	}

	/**
	 * The funnel's steps over the range.
	 *
	 * @param starts ad playbacks
	 * @param firstQuartiles reached 25%
	 * @param midpoints reached 50%
	 * @param thirdQuartiles reached 75%
	 * @param completes completed
	 * @param impressions with 2 s of continuous play
	 * @param clicks clicked
	 * @param skips skipped
	 */
	record Funnel(long starts, long firstQuartiles, long midpoints, long thirdQuartiles, long completes,
			long impressions, long clicks, long skips) {

		static Funnel of(List<ReportRow> rows) {
			long[] sums = new long[8];
			for (ReportRow row : rows) {
				sums[0] += row.starts();
				sums[1] += row.firstQuartiles();
				sums[2] += row.midpoints();
				sums[3] += row.thirdQuartiles();
				sums[4] += row.completes();
				sums[5] += row.impressions();
				sums[6] += row.clicks();
				sums[7] += row.skips();
			}
			return new Funnel(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6], sums[7]);
		}

		Map<String, Object> chart() {
			List<Object> data = List.of(step("Starts", this.starts), step("First quartile", this.firstQuartiles),
					step("Midpoint", this.midpoints), step("Third quartile", this.thirdQuartiles),
					step("Complete", this.completes));
			return Map.of("tooltip", Map.of("trigger", "item"), "series",
					List.of(Map.of("type", "funnel", "sort", "none", "left", "10%", "width", "80%", "label",
							Map.of("show", true, "position", "inside", "formatter", "{b}: {c}"), "data", data)));
		}

		private static Map<String, Object> step(String name, long value) {
			return Map.of("name", name, "value", value);
		}

	}

	/**
	 * Impressions (and viewable impressions, where the service reports them) by bucket,
	 * summed across the rows' groups.
	 *
	 * @param buckets the buckets, in order
	 * @param impressions per bucket
	 * @param viewable per bucket, or null when no row reports viewability
	 */
	record Timeline(List<Instant> buckets, List<Long> impressions, List<Long> viewable) {

		/** Every bucket of the range, those without ad playbacks at zero. */
		static Timeline of(List<ReportRow> rows, LocalDate from, LocalDate to, boolean hourly) {
			Map<Instant, long[]> sums = new TreeMap<>();
			Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
			for (Instant bucket = from.atStartOfDay(ZoneOffset.UTC).toInstant(); bucket
				.isBefore(end); bucket = bucket.plus(1, hourly ? ChronoUnit.HOURS : ChronoUnit.DAYS)) {
				sums.put(bucket, new long[2]);
			}
			boolean viewability = false;
			for (ReportRow row : rows) {
				long[] sum = sums.computeIfAbsent(row.bucket(), (bucket) -> new long[2]);
				sum[0] += row.impressions();
				if (row.viewableImpressions() != null) {
					viewability = true;
					sum[1] += row.viewableImpressions();
				}
			}
			List<Long> impressions = new ArrayList<>();
			List<Long> viewable = new ArrayList<>();
			sums.values().forEach((sum) -> {
				impressions.add(sum[0]);
				viewable.add(sum[1]);
			});
			return new Timeline(List.copyOf(sums.keySet()), impressions, viewability ? viewable : null);
		}

		Map<String, Object> chart(boolean hourly) {
			List<Object> series = new ArrayList<>();
			series.add(Map.of("name", "Impressions", "type", "line", "data", this.impressions, "showSymbol", !hourly));
			if (this.viewable != null) {
				series.add(Map.of("name", "Viewable impressions", "type", "line", "data", this.viewable, "showSymbol",
						!hourly));
			}
			List<String> labels = this.buckets.stream()
				.map((bucket) -> hourly ? bucket.toString().substring(5, 16).replace('T', ' ')
						: bucket.toString().substring(0, 10))
				.toList();
			return Map.of("tooltip", Map.of("trigger", "axis"), "legend", Map.of("top", 0), "grid",
					Map.of("left", 48, "right", 16, "top", 40, "bottom", 32), "xAxis",
					Map.of("type", "category", "data", labels), "yAxis", Map.of("type", "value"), "series", series);
		}

	}

	/**
	 * Bars of impressions by group (country, device type); unknown groups as "unknown".
	 */
	static Map<String, Object> breakdownChart(List<ReportRow> rows) {
		List<String> groups = rows.stream().map((row) -> (row.group() != null) ? row.group() : "unknown").toList();
		List<Long> impressions = rows.stream().map(ReportRow::impressions).toList();
		List<Long> starts = rows.stream().map(ReportRow::starts).toList();
		return Map.of("tooltip", Map.of("trigger", "axis"), "legend", Map.of("top", 0), "grid",
				Map.of("left", 48, "right", 16, "top", 40, "bottom", 32), "xAxis",
				Map.of("type", "category", "data", groups), "yAxis", Map.of("type", "value"), "series",
				List.of(Map.of("name", "Starts", "type", "bar", "data", starts),
						Map.of("name", "Impressions", "type", "bar", "data", impressions)));
	}

}
