package dev.playback.portal.statements;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.playback.portal.suite.Api.UsageRow;

/**
 * A month's hours by day for the chart: the videos with the most hours in the month each
 * a series, the rest summed as "Others". Hours are rounded to 3 decimals for the picture;
 * the statement's table shows the exact figures.
 *
 * @param days every day of the month
 * @param series one per top video, then Others when there are more videos
 */
record DailyHours(List<LocalDate> days, List<Series> series) {

	static final String OTHERS = "Others";

	private static final BigDecimal MS_PER_HOUR = BigDecimal.valueOf(3_600_000);

	/**
	 * One line of the chart.
	 *
	 * @param name the video's title (or id), or Others
	 * @param hours per day of the month
	 */
	record Series(String name, List<BigDecimal> hours) {
	}

	static DailyHours of(YearMonth month, List<UsageRow> rows, Map<String, String> titles, int top) {
		List<LocalDate> days = new ArrayList<>();
		for (LocalDate day = month.atDay(1); !day.isAfter(month.atEndOfMonth()); day = day.plusDays(1)) {
			days.add(day);
		}
		Map<String, Long> totals = new HashMap<>();
		for (UsageRow row : rows) {
			if (YearMonth.from(row.day()).equals(month)) {
				totals.merge(row.videoId(), row.playedMs(), Long::sum);
			}
		}
		List<String> ranked = totals.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
				.thenComparing(Map.Entry.comparingByKey()))
			.map(Map.Entry::getKey)
			.toList();
		Map<String, long[]> played = new LinkedHashMap<>();
		ranked.stream().limit(top).forEach((video) -> played.put(video, new long[days.size()]));
		long[] others = new long[days.size()];
		for (UsageRow row : rows) {
			if (YearMonth.from(row.day()).equals(month)) {
				long[] into = played.getOrDefault(row.videoId(), others);
				into[row.day().getDayOfMonth() - 1] += row.playedMs();
			}
		}
		List<Series> series = new ArrayList<>();
		played.forEach((video, ms) -> series.add(new Series(titles.getOrDefault(video, video), hours(ms))));
		if (ranked.size() > top) {
			series.add(new Series(OTHERS, hours(others)));
		}
		return new DailyHours(days, series);
	}

	private static List<BigDecimal> hours(long[] playedMs) {
		List<BigDecimal> hours = new ArrayList<>(playedMs.length);
		for (long ms : playedMs) {
			hours.add(BigDecimal.valueOf(ms).divide(MS_PER_HOUR, 3, RoundingMode.HALF_EVEN));
		}
		return hours;
	}

	/** The chart as ECharts options: stacked bars by day. */
	Map<String, Object> chart() {
		List<Object> series = new ArrayList<>();
		for (Series line : this.series) {
			series.add(Map.of("name", line.name(), "type", "bar", "stack", "hours", "data", line.hours()));
		}
		return Map.of("tooltip", Map.of("trigger", "axis"), "legend", Map.of("top", 0), "grid",
				Map.of("left", 48, "right", 16, "top", 40, "bottom", 32), "xAxis",
				Map.of("type", "category", "data", this.days.stream().map((day) -> day.getDayOfMonth()).toList()),
				"yAxis", Map.of("type", "value", "name", "hours"), "series", series);
	}

}
