package dev.playback.royalty.statement;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Currency;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import dev.playback.royalty.statement.StatementArithmetic.Adjustment;
import dev.playback.royalty.statement.StatementArithmetic.DayUsage;
import dev.playback.royalty.statement.StatementArithmetic.Line;
import dev.playback.royalty.statement.StatementArithmetic.RateCard;
import dev.playback.royalty.statement.StatementArithmetic.Views;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Reads what a statement is computed from, in one read-only transaction. */
@Repository
class StatementStore {

	private final JdbcClient jdbc;

	StatementStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Everything a holder's statement for a month needs.
	 *
	 * @param videos the holder's videos
	 * @param cards the holder's rate cards
	 * @param usage played ms per video and day in the month
	 * @param views qualifying views and unique viewers per video
	 */
	record Inputs(List<String> videos, List<RateCard> cards, List<DayUsage> usage, Map<String, Views> views) {
	}

	/** The months whose statements are FINAL. */
	SortedSet<YearMonth> finalMonths(String holderId) {
		return new TreeSet<>(this.jdbc.sql("SELECT month FROM statements WHERE holder_id = :id")
			.param("id", holderId)
			.query((rs, row) -> YearMonth.parse(rs.getString(1)))
			.list());
	}

	/**
	 * Everything settled for {@code forMonth} so far: its own frozen lines and
	 * adjustments since.
	 */
	List<Line> settledLines(String holderId, YearMonth forMonth) {
		return this.jdbc.sql("""
				SELECT video_id, SUM(played_ms), SUM(qualifying_views), SUM(unique_viewers), SUM(amount),
				       SUM(invalid_played_ms)
				FROM statement_lines WHERE holder_id = :id AND for_month = :forMonth GROUP BY video_id
				""")
			.param("id", holderId)
			.param("forMonth", forMonth.toString())
			.query((rs, row) -> new Line(rs.getString(1), rs.getLong(2), StatementArithmetic.hours(rs.getLong(2)),
					rs.getLong(3), rs.getLong(4), rs.getBigDecimal(5), rs.getLong(6)))
			.list();
	}

	/** The FINAL statement of the month, as frozen, if it is closed. */
	@Transactional(readOnly = true)
	Optional<StatementService.Result> frozen(String holderId, YearMonth month) {
		Optional<Head> head = this.jdbc
			.sql("SELECT currency, total, digest FROM statements WHERE holder_id = :id AND month = :month")
			.param("id", holderId)
			.param("month", month.toString())
			.query((rs, row) -> new Head(Currency.getInstance(rs.getString(1)), rs.getBigDecimal(2), rs.getString(3)))
			.optional();
		if (head.isEmpty()) {
			return Optional.empty();
		}
		Currency currency = head.get().currency();
		int scale = Math.max(0, currency.getDefaultFractionDigits());
		List<Line> lines = new ArrayList<>();
		List<Adjustment> adjustments = new ArrayList<>();
		// statements closed before titles were frozen show the catalog's
		Map<String, String> titles = titles(holderId);
		this.jdbc.sql("""
				SELECT for_month, video_id, played_ms, qualifying_views, unique_viewers, amount, invalid_played_ms,
				       title
				FROM statement_lines WHERE holder_id = :id AND month = :month ORDER BY for_month DESC, video_id
				""").param("id", holderId).param("month", month.toString()).query((rs, row) -> {
			YearMonth forMonth = YearMonth.parse(rs.getString(1));
			BigDecimal amount = rs.getBigDecimal(6).setScale(scale, RoundingMode.UNNECESSARY);
			if (rs.getString(8) != null) {
				titles.put(rs.getString(2), rs.getString(8));
			}
			if (forMonth.equals(month)) {
				lines.add(new Line(rs.getString(2), rs.getLong(3), StatementArithmetic.hours(rs.getLong(3)),
						rs.getLong(4), rs.getLong(5), amount, rs.getLong(7)));
			}
			else {
				adjustments.add(new Adjustment(rs.getString(2), forMonth, rs.getLong(3), rs.getLong(4), rs.getLong(5),
						amount, rs.getLong(7)));
			}
			return null;
		}).list();
		BigDecimal total = head.get().total().setScale(scale, RoundingMode.UNNECESSARY);
		BigDecimal own = lines.stream().map(Line::amount).reduce(BigDecimal.ZERO.setScale(scale), BigDecimal::add);
		return Optional.of(new StatementService.Result("FINAL",
				new StatementArithmetic.Statement(month, currency, List.copyOf(lines), own), adjustments, total, titles,
				head.get().digest()));
	}

	private record Head(Currency currency, BigDecimal total, String digest) {
	}

	/** Whether the FINAL statement of the month was frozen with its evidence. */
	boolean evidenceFrozen(String holderId, YearMonth month) {
		return this.jdbc.sql("SELECT evidence_frozen FROM statements WHERE holder_id = :id AND month = :month")
			.param("id", holderId)
			.param("month", month.toString())
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	/** Records a FINAL statement's digest, its evidence frozen with it. */
	void sealed(String holderId, YearMonth month, String digest) {
		this.jdbc
			.sql("UPDATE statements SET digest = :digest, evidence_frozen = TRUE "
					+ "WHERE holder_id = :id AND month = :month")
			.param("digest", digest)
			.param("id", holderId)
			.param("month", month.toString())
			.update();
	}

	/** Stores a statement as FINAL, with its lines and the adjustments it carries. */
	void freeze(String holderId, YearMonth month, StatementService.Result result) {
		this.jdbc.sql("""
				INSERT INTO statements (holder_id, month, currency, total, finalized_at)
				VALUES (:id, :month, :currency, :total, CURRENT_TIMESTAMP)
				""")
			.param("id", holderId)
			.param("month", month.toString())
			.param("currency", result.statement().currency().getCurrencyCode())
			.param("total", result.total())
			.update();
		Map<String, String> titles = result.titles();
		for (Line line : result.statement().lines()) {
			insertLine(holderId, month, month, line.videoId(), titles.get(line.videoId()), line.playedMs(),
					line.qualifyingViews(), line.uniqueViewers(), line.amount(), line.invalidPlayedMs());
		}
		for (Adjustment adjustment : result.adjustments()) {
			insertLine(holderId, month, adjustment.forMonth(), adjustment.videoId(), titles.get(adjustment.videoId()),
					adjustment.playedMs(), adjustment.qualifyingViews(), adjustment.uniqueViewers(),
					adjustment.amount(), adjustment.invalidPlayedMs());
		}
	}

	private void insertLine(String holderId, YearMonth month, YearMonth forMonth, String videoId, String title,
			long playedMs, long qualifyingViews, long uniqueViewers, BigDecimal amount, long invalidPlayedMs) {
		this.jdbc.sql("""
				INSERT INTO statement_lines (holder_id, month, for_month, video_id, title, played_ms, qualifying_views,
				                             unique_viewers, amount, invalid_played_ms)
				VALUES (:id, :month, :forMonth, :videoId, :title, :playedMs, :views, :viewers, :amount, :invalid)
				""")
			.param("title", title)
			.param("id", holderId)
			.param("month", month.toString())
			.param("forMonth", forMonth.toString())
			.param("videoId", videoId)
			.param("playedMs", playedMs)
			.param("views", qualifyingViews)
			.param("viewers", uniqueViewers)
			.param("amount", amount)
			.param("invalid", invalidPlayedMs)
			.update();
	}

	/** The titles of the holder's videos, as the catalog has them now. */
	Map<String, String> titles(String holderId) {
		Map<String, String> titles = new HashMap<>();
		this.jdbc.sql("SELECT video_id, title FROM videos WHERE holder_id = :id")
			.param("id", holderId)
			.query((ResultSet rs) -> {
				titles.put(rs.getString(1), rs.getString(2));
			});
		return titles;
	}

	@Transactional(readOnly = true)
	Inputs inputs(String holderId, YearMonth month) {
		LocalDate from = month.atDay(1);
		LocalDate to = month.plusMonths(1).atDay(1);
		List<String> videos = this.jdbc.sql("SELECT video_id FROM videos WHERE holder_id = :id ORDER BY video_id")
			.param("id", holderId)
			.query(String.class)
			.list();
		List<RateCard> cards = this.jdbc
			.sql("SELECT effective_from, currency, rate_per_hour FROM rate_cards WHERE holder_id = :id "
					+ "ORDER BY effective_from")
			.param("id", holderId)
			.query((rs, row) -> new RateCard(rs.getObject(1, LocalDate.class), Currency.getInstance(rs.getString(2)),
					rs.getBigDecimal(3)))
			.list();
		List<DayUsage> usage = this.jdbc.sql("""
				SELECT u.video_id, u.day, u.played_ms, u.invalid_played_ms FROM video_daily_usage u
				JOIN videos v ON v.video_id = u.video_id
				WHERE v.holder_id = :id AND u.day >= :from AND u.day < :to
				""")
			.param("id", holderId)
			.param("from", from)
			.param("to", to)
			.query((rs, row) -> new DayUsage(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getLong(3),
					rs.getLong(4)))
			.list();
		Map<String, Views> views = new HashMap<>();
		this.jdbc.sql("""
				SELECT d.video_id, COUNT(*), COUNT(DISTINCT d.user_id) FROM session_daily_usage d
				JOIN videos v ON v.video_id = d.video_id
				WHERE v.holder_id = :id AND d.month = :month AND d.qualifying
				GROUP BY d.video_id
				""")
			.param("id", holderId)
			.param("month", from)
			.query((rs, row) -> views.put(rs.getString(1), new Views(rs.getLong(2), rs.getLong(3))))
			.list();
		return new Inputs(videos, cards, usage, views);
	}

}
