package dev.playback.royalty.statement;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.playback.royalty.statement.StatementArithmetic.DayUsage;
import dev.playback.royalty.statement.StatementArithmetic.RateCard;
import dev.playback.royalty.statement.StatementArithmetic.Views;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Reads what a statement is computed from, in one read-only transaction. */
@Repository
class StatementStore {

	/** A qualifying view has at least this much play (CONTRACT.md section 3). */
	static final long QUALIFYING_MS = 30_000;

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

	boolean holderExists(String holderId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM license_holders WHERE holder_id = :id")
			.param("id", holderId)
			.query(Long.class)
			.single() > 0;
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
				SELECT u.video_id, u.day, u.played_ms FROM video_daily_usage u
				JOIN videos v ON v.video_id = u.video_id
				WHERE v.holder_id = :id AND u.day >= :from AND u.day < :to
				""")
			.param("id", holderId)
			.param("from", from)
			.param("to", to)
			.query((rs, row) -> new DayUsage(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getLong(3)))
			.list();
		Map<String, Views> views = new HashMap<>();
		this.jdbc.sql("""
				SELECT s.video_id, COUNT(*), COUNT(DISTINCT s.user_id) FROM session_usage s
				JOIN videos v ON v.video_id = s.video_id
				WHERE v.holder_id = :id AND s.started_at >= :from AND s.started_at < :to AND s.played_ms >= :qualifying
				GROUP BY s.video_id
				""")
			.param("id", holderId)
			.param("from", Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant()))
			.param("to", Timestamp.from(to.atStartOfDay(ZoneOffset.UTC).toInstant()))
			.param("qualifying", QUALIFYING_MS)
			.query((rs, row) -> views.put(rs.getString(1), new Views(rs.getLong(2), rs.getLong(3))))
			.list();
		return new Inputs(videos, cards, usage, views);
	}

}
