package dev.playback.portal.statements;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.playback.portal.suite.Api.UsageRow;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.assertj.core.api.Assertions.assertThat;

class DailyHoursTest {

	private static final YearMonth MONTH = YearMonth.of(2026, 2);

	@Example
	void theTopVideosAreSeriesByTitleAndTheRestIsOthers() {
		List<UsageRow> rows = List.of(row(1, "a", 3_600_000), row(2, "b", 7_200_000), row(2, "c", 1_800_000),
				row(3, "a", 3_600_000), row(3, "d", 60_000), row(4, "e", 1));
		DailyHours chart = DailyHours.of(MONTH, rows, Map.of("b", "Film B"), 2);

		assertThat(chart.days()).hasSize(28).startsWith(MONTH.atDay(1)).endsWith(MONTH.atEndOfMonth());
		assertThat(chart.series()).extracting(DailyHours.Series::name).containsExactly("a", "Film B", "Others");
		assertThat(chart.series().get(0).hours().subList(0, 4)).containsExactly(new BigDecimal("1.000"),
				new BigDecimal("0.000"), new BigDecimal("1.000"), new BigDecimal("0.000"));
		assertThat(chart.series().get(2).hours().subList(0, 4)).containsExactly(new BigDecimal("0.000"),
				new BigDecimal("0.500"), new BigDecimal("0.017"), new BigDecimal("0.000"));
	}

	@Example
	void noOthersWhenEveryVideoHasItsSeriesAndUsageOutsideTheMonthIsLeftOut() {
		DailyHours chart = DailyHours.of(MONTH,
				List.of(row(1, "a", 1_000), new UsageRow(LocalDate.of(2026, 3, 1), "z", 5_000, "0.001389", 0L)),
				Map.of(), 5);
		assertThat(chart.series()).extracting(DailyHours.Series::name).containsExactly("a");
	}

	/** Each day's bars add up to the day's hours, to the rounding of each bar. */
	@Property(tries = 300)
	void eachDayAddsUpToItsHours(@ForAll("usage") List<UsageRow> rows, @ForAll @IntRange(min = 1, max = 6) int top) {
		DailyHours chart = DailyHours.of(MONTH, rows, Map.of(), top);
		Map<Integer, Long> byDay = new HashMap<>();
		rows.forEach((row) -> byDay.merge(row.day().getDayOfMonth(), row.playedMs(), Long::sum));
		assertThat(chart.series().size()).isLessThanOrEqualTo(top + 1);
		for (int day = 1; day <= MONTH.lengthOfMonth(); day++) {
			BigDecimal drawn = BigDecimal.ZERO;
			for (DailyHours.Series series : chart.series()) {
				drawn = drawn.add(series.hours().get(day - 1));
			}
			double hours = byDay.getOrDefault(day, 0L) / 3_600_000.0;
			assertThat(Math.abs(drawn.doubleValue() - hours)).as("day %d", day)
				.isLessThanOrEqualTo(0.0005 * chart.series().size() + 1e-9);
		}
	}

	@Provide
	Arbitrary<List<UsageRow>> usage() {
		Arbitrary<UsageRow> row = Combinators
			.combine(Arbitraries.integers().between(1, 28), Arbitraries.of("a", "b", "c", "d", "e", "f", "g", "h"),
					Arbitraries.longs().between(0, 40_000_000))
			.as((day, video, ms) -> row(day, video, ms));
		return row.list().ofMaxSize(60).map(ArrayList::new);
	}

	private static UsageRow row(int day, String video, long playedMs) {
		return new UsageRow(MONTH.atDay(day), video, playedMs, null, 0L);
	}

}
