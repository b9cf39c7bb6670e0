package dev.playback.royalty.statement;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;

import dev.playback.royalty.statement.StatementArithmetic.Adjustment;
import dev.playback.royalty.statement.StatementArithmetic.DayUsage;
import dev.playback.royalty.statement.StatementArithmetic.Line;
import dev.playback.royalty.statement.StatementArithmetic.RateCard;
import dev.playback.royalty.statement.StatementArithmetic.Statement;
import dev.playback.royalty.statement.StatementArithmetic.Views;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StatementArithmeticTest {

	static final YearMonth MARCH = YearMonth.of(2026, 3);

	static final Currency EUR = Currency.getInstance("EUR");

	static final long HOUR = 3_600_000;

	private static RateCard card(String from, String rate) {
		return new RateCard(LocalDate.parse(from), EUR, new BigDecimal(rate));
	}

	private static Line only(Statement statement) {
		assertThat(statement.lines()).hasSize(1);
		return statement.lines().get(0);
	}

	@Test
	void aRateChangeInTheMiddleOfTheMonthPricesEachDayByTheCardInForce() {
		Statement statement = StatementArithmetic.compute(MARCH, List.of("v"),
				List.of(card("2026-03-01", "1.00"), card("2026-03-15", "1.50")),
				List.of(new DayUsage("v", LocalDate.parse("2026-03-14"), HOUR, 0),
						new DayUsage("v", LocalDate.parse("2026-03-15"), 2 * HOUR, 0)),
				Map.of());
		assertThat(only(statement).amount()).isEqualByComparingTo("4.00");
		assertThat(only(statement).hoursStreamed()).isEqualByComparingTo("3.000000");
		assertThat(statement.total()).isEqualTo(new BigDecimal("4.00"));
	}

	@Test
	void invalidTrafficIsShownApartAndPaidNothing() {
		Statement statement = StatementArithmetic.compute(MARCH, List.of("v"), List.of(card("2026-03-01", "2.00")),
				List.of(new DayUsage("v", LocalDate.parse("2026-03-02"), HOUR, HOUR / 2),
						new DayUsage("v", LocalDate.parse("2026-03-03"), 0, HOUR)),
				Map.of());
		assertThat(only(statement).hoursStreamed()).isEqualByComparingTo("1.000000");
		assertThat(only(statement).amount()).isEqualByComparingTo("2.00");
		assertThat(only(statement).invalidTrafficHours()).isEqualByComparingTo("1.500000");
		// a session found invalid after its month closed: the adjustment moves its hours
		Line settled = new Line("v", 2 * HOUR, StatementArithmetic.hours(2 * HOUR), 1, 1, new BigDecimal("4.00"), 0);
		List<Adjustment> adjustments = StatementArithmetic.adjustments(MARCH, EUR, statement.lines(), List.of(settled));
		assertThat(adjustments).singleElement().satisfies((adjustment) -> {
			assertThat(adjustment.playedMs()).isEqualTo(-HOUR);
			assertThat(adjustment.amount()).isEqualByComparingTo("-2.00");
			assertThat(adjustment.invalidPlayedMs()).isEqualTo(HOUR + HOUR / 2);
			assertThat(adjustment.invalidTrafficHours()).isEqualByComparingTo("1.500000");
		});
	}

	@Test
	void daysOutsideTheMonthAndOtherHoldersVideosAreIgnored() {
		Statement statement = StatementArithmetic.compute(MARCH, List.of("v", "unwatched"),
				List.of(card("2026-01-01", "1.00")),
				List.of(new DayUsage("v", LocalDate.parse("2026-02-28"), HOUR, 0),
						new DayUsage("v", LocalDate.parse("2026-04-01"), HOUR, 0),
						new DayUsage("v", LocalDate.parse("2026-03-31"), HOUR / 2, 0),
						new DayUsage("someone-elses", LocalDate.parse("2026-03-02"), HOUR, 0)),
				Map.of("v", new Views(3, 2)));
		assertThat(statement.lines()).extracting(Line::videoId).containsExactly("unwatched", "v");
		Line watched = statement.lines().get(1);
		assertThat(watched.playedMs()).isEqualTo(HOUR / 2);
		assertThat(watched.amount()).isEqualByComparingTo("0.50");
		assertThat(watched.qualifyingViews()).isEqualTo(3);
		assertThat(watched.uniqueViewers()).isEqualTo(2);
		assertThat(statement.lines().get(0).amount()).isEqualByComparingTo("0.00");
	}

	@Test
	void amountsAreRoundedHalfEvenOncePerLineToTheMinorUnit() {
		assertThat(only(oneHourAt("0.125")).amount()).isEqualTo(new BigDecimal("0.12"));
		assertThat(only(oneHourAt("0.135")).amount()).isEqualTo(new BigDecimal("0.14"));
		// three days of 0.004 each: rounded per day they would be nothing
		Statement small = StatementArithmetic.compute(MARCH, List.of("v"), List.of(card("2026-03-01", "0.004")),
				List.of(new DayUsage("v", LocalDate.parse("2026-03-01"), HOUR, 0),
						new DayUsage("v", LocalDate.parse("2026-03-02"), HOUR, 0),
						new DayUsage("v", LocalDate.parse("2026-03-03"), HOUR, 0)),
				Map.of());
		assertThat(only(small).amount()).isEqualTo(new BigDecimal("0.01"));
		Statement yen = StatementArithmetic.compute(MARCH, List.of("v"),
				List.of(new RateCard(LocalDate.parse("2026-03-01"), Currency.getInstance("JPY"),
						new BigDecimal("100.5"))),
				List.of(new DayUsage("v", LocalDate.parse("2026-03-01"), HOUR, 0)), Map.of());
		assertThat(only(yen).amount()).isEqualTo(new BigDecimal("100"));
	}

	@Test
	void daysBeforeTheFirstCardArePricedAtZeroAndCurrenciesMayNotMix() {
		Statement statement = StatementArithmetic.compute(MARCH, List.of("v"), List.of(card("2026-03-10", "2.00")),
				List.of(new DayUsage("v", LocalDate.parse("2026-03-09"), HOUR, 0),
						new DayUsage("v", LocalDate.parse("2026-03-10"), HOUR, 0)),
				Map.of());
		assertThat(only(statement).amount()).isEqualByComparingTo("2.00");
		assertThatIllegalArgumentException().isThrownBy(() -> StatementArithmetic.compute(MARCH, List.of("v"),
				List.of(card("2026-03-01", "1"),
						new RateCard(LocalDate.parse("2026-03-02"), Currency.getInstance("USD"), BigDecimal.ONE)),
				List.of(), Map.of()));
	}

	@Test
	void anAdjustmentIsWhatAMonthIsNowMinusEverythingSettledForIt() {
		YearMonth feb = YearMonth.of(2026, 2);
		List<Line> settled = List.of(
				new Line("a", HOUR, StatementArithmetic.hours(HOUR), 2, 2, new BigDecimal("1.20"), 0),
				new Line("a", HOUR / 2, StatementArithmetic.hours(HOUR / 2), 1, 0, new BigDecimal("0.60"), 0),
				new Line("b", HOUR, StatementArithmetic.hours(HOUR), 1, 1, new BigDecimal("1.20"), 0),
				new Line("c", 5, StatementArithmetic.hours(5), 0, 0, new BigDecimal("0.00"), 0));
		List<Line> now = List.of(
				new Line("a", 2 * HOUR, StatementArithmetic.hours(2 * HOUR), 4, 2, new BigDecimal("2.40"), 0),
				new Line("c", 5, StatementArithmetic.hours(5), 0, 0, new BigDecimal("0.00"), 0));

		assertThat(StatementArithmetic.adjustments(feb, EUR, now, settled)).containsExactly(
				new StatementArithmetic.Adjustment("a", feb, HOUR / 2, 1, 0, new BigDecimal("0.60"), 0),
				new StatementArithmetic.Adjustment("b", feb, -HOUR, -1, -1, new BigDecimal("-1.20"), 0));
	}

	@Property(tries = 300)
	void theTotalIsTheSumOfTheLinesAndEachLineIsWithinHalfAMinorUnitOfExact(@ForAll("cards") List<RateCard> cards,
			@ForAll("usage") List<DayUsage> usage) {
		Statement statement = StatementArithmetic.compute(MARCH, List.of("a", "b", "c"), cards, usage, Map.of());
		assertThat(statement.total()).isEqualTo(
				statement.lines().stream().map(Line::amount).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add));
		for (Line line : statement.lines()) {
			BigDecimal exact = BigDecimal.ZERO;
			long ms = 0;
			for (DayUsage day : usage) {
				if (day.videoId().equals(line.videoId()) && YearMonth.from(day.day()).equals(MARCH)) {
					ms += day.playedMs();
					BigDecimal rate = cards.stream()
						.filter((card) -> !card.effectiveFrom().isAfter(day.day()))
						.max((x, y) -> x.effectiveFrom().compareTo(y.effectiveFrom()))
						.map(RateCard::ratePerHour)
						.orElse(BigDecimal.ZERO);
					exact = exact.add(BigDecimal.valueOf(day.playedMs())
						.multiply(rate)
						.divide(BigDecimal.valueOf(HOUR), MathContext.DECIMAL128));
				}
			}
			assertThat(line.playedMs()).isEqualTo(ms);
			assertThat(line.amount().subtract(exact).abs()).isLessThanOrEqualTo(new BigDecimal("0.005"));
			assertThat(line.amount().scale()).isEqualTo(2);
		}
	}

	@Provide
	Arbitrary<List<RateCard>> cards() {
		Arbitrary<RateCard> card = Combinators
			.combine(Arbitraries.integers().between(-20, 30), Arbitraries.longs().between(0, 5_000_000))
			.as((day, micros) -> new RateCard(LocalDate.parse("2026-03-01").plusDays(day), EUR,
					BigDecimal.valueOf(micros, 6)));
		return card.list().ofMinSize(1).ofMaxSize(4).uniqueElements(RateCard::effectiveFrom).map(ArrayList::new);
	}

	@Provide
	Arbitrary<List<DayUsage>> usage() {
		return Combinators
			.combine(Arbitraries.of("a", "b", "c", "x"), Arbitraries.integers().between(-3, 33),
					Arbitraries.longs().between(0, 30 * HOUR))
			.as((video, day, ms) -> new DayUsage(video, LocalDate.parse("2026-03-01").plusDays(day), ms, 0))
			.list()
			.ofMaxSize(40);
	}

	private static Statement oneHourAt(String rate) {
		return StatementArithmetic.compute(MARCH, List.of("v"), List.of(card("2026-03-01", rate)),
				List.of(new DayUsage("v", LocalDate.parse("2026-03-01"), HOUR, 0)), Map.of());
	}

}
