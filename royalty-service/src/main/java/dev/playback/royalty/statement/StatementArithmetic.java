package dev.playback.royalty.statement;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The money of docs/contract.md section 3, as a pure function: a license holder's daily
 * usage and rate cards in, statement lines out. No database and no Spring here; the
 * statement service only loads the inputs and stores or renders the outputs.
 * <p>
 * Amounts are exact until the one rounding per line: the sum over the days of played ms
 * times that day's rate is computed exactly, then divided by 3,600,000 ms per hour and
 * rounded HALF_EVEN to the currency's minor unit. That is the same as summing the daily
 * amounts unrounded and rounding once.
 */
public final class StatementArithmetic {

	static final BigDecimal MS_PER_HOUR = BigDecimal.valueOf(3_600_000);

	static final int HOURS_SCALE = 6;

	private StatementArithmetic() {
	}

	/**
	 * A rate card of a license holder.
	 *
	 * @param effectiveFrom the first day it prices
	 * @param currency ISO 4217 code, the same for all of a holder's cards
	 * @param ratePerHour money per streamed hour, up to 6 decimal places
	 */
	public record RateCard(LocalDate effectiveFrom, Currency currency, BigDecimal ratePerHour) {
	}

	/**
	 * Played ms of one video on one UTC day.
	 *
	 * @param videoId the video
	 * @param day the UTC day
	 * @param playedMs credited play that day, valid sessions only
	 * @param invalidPlayedMs credited play that day in sessions of invalid traffic
	 */
	public record DayUsage(String videoId, LocalDate day, long playedMs, long invalidPlayedMs) {
	}

	/**
	 * Views of one video in the month.
	 *
	 * @param qualifyingViews sessions started in the month with at least 30 s played
	 * @param uniqueViewers distinct users with a qualifying view
	 */
	public record Views(long qualifyingViews, long uniqueViewers) {

		static final Views NONE = new Views(0, 0);

	}

	/**
	 * One video's line.
	 *
	 * @param videoId the video
	 * @param playedMs played ms in the month
	 * @param hoursStreamed playedMs / 3,600,000 to 6 decimals
	 * @param qualifyingViews sessions started in the month with at least 30 s played
	 * @param uniqueViewers distinct users with a qualifying view
	 * @param amount money, rounded once, HALF_EVEN, to the currency's minor unit
	 * @param invalidPlayedMs played ms of invalid-traffic sessions in the month, counted
	 * in nothing else
	 */
	public record Line(String videoId, long playedMs, BigDecimal hoursStreamed, long qualifyingViews,
			long uniqueViewers, BigDecimal amount, long invalidPlayedMs) {

		/** invalidPlayedMs / 3,600,000 to 6 decimals. */
		public BigDecimal invalidTrafficHours() {
			return hours(this.invalidPlayedMs);
		}

	}

	/**
	 * The lines and their total.
	 *
	 * @param month the statement's month
	 * @param currency the holder's currency
	 * @param lines one per video of the holder, by video id
	 * @param total the sum of the line amounts
	 */
	public record Statement(YearMonth month, Currency currency, List<Line> lines, BigDecimal total) {
	}

	/**
	 * The statement of one holder for {@code month}: a line for every video in
	 * {@code videos} (zero when unwatched), usage outside the month ignored, each day
	 * priced by the card in force on it (the latest with {@code effectiveFrom} on or
	 * before the day; no card yet prices at zero).
	 */
	public static Statement compute(YearMonth month, List<String> videos, List<RateCard> cards, List<DayUsage> usage,
			Map<String, Views> views) {
		Currency currency = currencyOf(cards);
		TreeMap<LocalDate, BigDecimal> rates = new TreeMap<>();
		cards.forEach((card) -> rates.put(card.effectiveFrom(), card.ratePerHour()));
		// valid ms, then invalid ms
		Map<String, long[]> played = new TreeMap<>();
		Map<String, BigDecimal> msTimesRate = new TreeMap<>();
		for (String video : videos) {
			played.put(video, new long[2]);
			msTimesRate.put(video, BigDecimal.ZERO);
		}
		for (DayUsage day : usage) {
			if (!YearMonth.from(day.day()).equals(month) || !played.containsKey(day.videoId())) {
				continue;
			}
			played.get(day.videoId())[0] += day.playedMs();
			played.get(day.videoId())[1] += day.invalidPlayedMs();
			Map.Entry<LocalDate, BigDecimal> rate = rates.floorEntry(day.day());
			if (rate != null) {
				msTimesRate.merge(day.videoId(), BigDecimal.valueOf(day.playedMs()).multiply(rate.getValue()),
						BigDecimal::add);
			}
		}
		int minorUnits = Math.max(0, currency.getDefaultFractionDigits());
		List<Line> lines = new ArrayList<>();
		BigDecimal total = BigDecimal.ZERO.setScale(minorUnits);
		for (String video : played.keySet()) {
			long ms = played.get(video)[0];
			BigDecimal amount = msTimesRate.get(video).divide(MS_PER_HOUR, minorUnits, RoundingMode.HALF_EVEN);
			Views seen = views.getOrDefault(video, Views.NONE);
			lines.add(new Line(video, ms, hours(ms), seen.qualifyingViews(), seen.uniqueViewers(), amount,
					played.get(video)[1]));
			total = total.add(amount);
		}
		lines.sort(Comparator.comparing(Line::videoId));
		return new Statement(month, currency, List.copyOf(lines), total);
	}

	/**
	 * A difference to what was settled for an earlier, FINAL month, carried on a later
	 * statement.
	 *
	 * @param videoId the video
	 * @param forMonth the FINAL month it corrects
	 * @param playedMs played ms added (or taken back, when negative)
	 * @param qualifyingViews views added or taken back
	 * @param uniqueViewers viewers added or taken back
	 * @param amount money added or taken back
	 * @param invalidPlayedMs invalid-traffic play added or taken back
	 */
	public record Adjustment(String videoId, YearMonth forMonth, long playedMs, long qualifyingViews,
			long uniqueViewers, BigDecimal amount, long invalidPlayedMs) {

		/** invalidPlayedMs / 3,600,000 to 6 decimals. */
		public BigDecimal invalidTrafficHours() {
			return hours(this.invalidPlayedMs);
		}

	}

	/**
	 * What a FINAL month's statement lacks today: for every video, the month's lines as
	 * they would be computed now minus everything settled for that month so far (its own
	 * frozen lines and earlier adjustments), where anything differs. Amounts are
	 * differences of amounts already rounded once per line, so settled plus adjustments
	 * is always the amount of the month as computed now.
	 */
	public static List<Adjustment> adjustments(YearMonth forMonth, Currency currency, List<Line> now,
			List<Line> settled) {
		int minorUnits = Math.max(0, currency.getDefaultFractionDigits());
		Map<String, Line> before = new TreeMap<>();
		settled.forEach((line) -> before.merge(line.videoId(), line, StatementArithmetic::plus));
		Map<String, Line> after = new TreeMap<>();
		now.forEach((line) -> after.put(line.videoId(), line));
		java.util.Set<String> videos = new java.util.TreeSet<>(before.keySet());
		videos.addAll(after.keySet());
		List<Adjustment> adjustments = new ArrayList<>();
		for (String video : videos) {
			Line a = after.getOrDefault(video, zero(video));
			Line b = before.getOrDefault(video, zero(video));
			Adjustment difference = new Adjustment(video, forMonth, a.playedMs() - b.playedMs(),
					a.qualifyingViews() - b.qualifyingViews(), a.uniqueViewers() - b.uniqueViewers(),
					a.amount().subtract(b.amount()).setScale(minorUnits, RoundingMode.UNNECESSARY),
					a.invalidPlayedMs() - b.invalidPlayedMs());
			if (difference.playedMs() != 0 || difference.qualifyingViews() != 0 || difference.uniqueViewers() != 0
					|| difference.amount().signum() != 0 || difference.invalidPlayedMs() != 0) {
				adjustments.add(difference);
			}
		}
		return adjustments;
	}

	private static Line plus(Line a, Line b) {
		return new Line(a.videoId(), a.playedMs() + b.playedMs(), hours(a.playedMs() + b.playedMs()),
				a.qualifyingViews() + b.qualifyingViews(), a.uniqueViewers() + b.uniqueViewers(),
				a.amount().add(b.amount()), a.invalidPlayedMs() + b.invalidPlayedMs());
	}

	private static Line zero(String video) {
		return new Line(video, 0, hours(0), 0, 0, BigDecimal.ZERO, 0);
	}

	public static BigDecimal hours(long playedMs) {
		return BigDecimal.valueOf(playedMs).divide(MS_PER_HOUR, HOURS_SCALE, RoundingMode.HALF_EVEN);
	}

	private static Currency currencyOf(List<RateCard> cards) {
		if (cards.isEmpty()) {
			throw new IllegalArgumentException("A license holder needs a rate card before a statement");
		}
		Currency currency = cards.get(0).currency();
		for (RateCard card : cards) {
			if (!card.currency().equals(currency)) {
				throw new IllegalArgumentException(
						"A license holder's rate cards share one currency: " + currency + " and " + card.currency());
			}
		}
		return currency;
	}

}
