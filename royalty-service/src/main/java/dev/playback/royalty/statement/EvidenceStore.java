package dev.playback.royalty.statement;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The sessions behind statement lines (docs/contract.md section 3, "Evidence"): for a
 * month, each session's played ms on the month's days (valid and invalid traffic apart),
 * whether it is a qualifying view, and its revision, as the data stands now minus what
 * FINAL statements already settled for that month. For a month not closed that is the
 * month's own evidence; for a closed one, the evidence of its adjustment. Frozen into
 * {@code statement_evidence} when a statement closes, in the transaction (and snapshot)
 * that freezes its lines, so the two always agree.
 */
@Repository
class EvidenceStore {

	/** Rows fetched from the database at a time while an answer streams. */
	private static final int FETCH_SIZE = 2_000;

	private static final String COLUMNS = "video_id, session_id, user_id, started_at, played_ms, invalid_played_ms, "
			+ "qualifying, invalid_traffic, revision";

	private final NamedParameterJdbcTemplate jdbc;

	private final SecureRandom random = new SecureRandom();

	EvidenceStore(JdbcTemplate jdbc) {
		JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
		streaming.setFetchSize(FETCH_SIZE);
		this.jdbc = new NamedParameterJdbcTemplate(streaming);
	}

	/**
	 * One session's part in a line.
	 *
	 * @param forMonth the month whose line (or adjustment) it is part of
	 * @param playedMs played ms on the month's days, valid traffic (a difference, for an
	 * adjustment)
	 * @param invalidPlayedMs the same, in a session of invalid traffic
	 * @param qualifying 1 for a qualifying view, else 0 (for an adjustment: -1, 0 or 1)
	 * @param invalidTraffic the session's reason, null while valid
	 * @param revision the session's revision the figures are from
	 */
	record Row(YearMonth forMonth, String videoId, String sessionId, String userId, Instant startedAt, long playedMs,
			long invalidPlayedMs, int qualifying, String invalidTraffic, long revision) {
	}

	/**
	 * What the data says now of {@code forMonth}'s lines minus what statements settled
	 * for it, per session, where anything differs; one video's or all the holder's.
	 */
	private static String difference(boolean oneVideo) {
		String video = oneVideo ? " AND d.video_id = :video" : "";
		String sessionVideo = oneVideo ? " AND s.video_id = :video" : "";
		String settledVideo = oneVideo ? " AND video_id = :video" : "";
		return """
				WITH days AS (
				    SELECT d.session_id,
				           SUM(CASE WHEN d.invalid THEN 0 ELSE d.played_ms END) AS played_ms,
				           SUM(CASE WHEN d.invalid THEN d.played_ms ELSE 0 END) AS invalid_played_ms
				    FROM session_daily_usage d JOIN videos v ON v.video_id = d.video_id
				    WHERE v.holder_id = :holder AND d.day >= :fromDay AND d.day < :toDay%s
				    GROUP BY d.session_id
				), ids AS (
				    SELECT session_id FROM days
				    UNION
				    SELECT s.session_id FROM session_usage s JOIN videos v ON v.video_id = s.video_id
				    WHERE v.holder_id = :holder AND s.started_at >= :from AND s.started_at < :to
				      AND s.played_ms >= :qualifyingMs AND s.invalid_traffic IS NULL%s
				), live AS (
				    SELECT s.video_id, s.session_id, s.user_id, s.started_at, s.invalid_traffic, s.revision,
				           COALESCE(days.played_ms, 0) AS played_ms,
				           COALESCE(days.invalid_played_ms, 0) AS invalid_played_ms,
				           CASE WHEN s.invalid_traffic IS NULL AND s.played_ms >= :qualifyingMs
				                     AND s.started_at >= :from AND s.started_at < :to THEN 1 ELSE 0 END AS qualifying
				    FROM ids JOIN session_usage s ON s.session_id = ids.session_id
				    LEFT JOIN days ON days.session_id = s.session_id
				), settled AS (
				    SELECT session_id, MIN(video_id) AS video_id, MIN(user_id) AS user_id,
				           MIN(started_at) AS started_at, SUM(played_ms) AS played_ms,
				           SUM(invalid_played_ms) AS invalid_played_ms, SUM(qualifying) AS qualifying
				    FROM statement_evidence WHERE holder_id = :holder AND for_month = :forMonth%s
				    GROUP BY session_id
				)
				SELECT COALESCE(l.video_id, p.video_id) AS video_id, COALESCE(l.session_id, p.session_id) AS session_id,
				       COALESCE(l.user_id, p.user_id) AS user_id, COALESCE(l.started_at, p.started_at) AS started_at,
				       COALESCE(l.played_ms, 0) - COALESCE(p.played_ms, 0) AS played_ms,
				       COALESCE(l.invalid_played_ms, 0) - COALESCE(p.invalid_played_ms, 0) AS invalid_played_ms,
				       CAST(COALESCE(l.qualifying, 0) - COALESCE(p.qualifying, 0) AS INTEGER) AS qualifying,
				       l.invalid_traffic, COALESCE(l.revision, 0) AS revision
				FROM live l FULL JOIN settled p ON p.session_id = l.session_id
				WHERE COALESCE(l.played_ms, 0) <> COALESCE(p.played_ms, 0)
				   OR COALESCE(l.invalid_played_ms, 0) <> COALESCE(p.invalid_played_ms, 0)
				   OR COALESCE(l.qualifying, 0) <> COALESCE(p.qualifying, 0)
				""".formatted(video, sessionVideo, settledVideo);
	}

	private static MapSqlParameterSource parameters(String holderId, YearMonth forMonth, String videoId) {
		Instant from = forMonth.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
		Instant to = forMonth.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
		return new MapSqlParameterSource().addValue("holder", holderId)
			.addValue("forMonth", forMonth.toString())
			.addValue("fromDay", forMonth.atDay(1))
			.addValue("toDay", forMonth.plusMonths(1).atDay(1))
			.addValue("from", Timestamp.from(from))
			.addValue("to", Timestamp.from(to))
			.addValue("qualifyingMs", StatementStore.QUALIFYING_MS)
			.addValue("video", videoId);
	}

	/**
	 * Streams {@code forMonth}'s evidence as the data stands now, less what statements
	 * settled for it, ordered by video and session. Call inside a transaction: PostgreSQL
	 * streams rows only there.
	 * @param videoId one video's, or null for all the holder's
	 */
	void live(String holderId, YearMonth forMonth, String videoId, Consumer<Row> rows) {
		this.jdbc.query(difference(videoId != null) + " ORDER BY 1, 2", parameters(holderId, forMonth, videoId),
				(ResultSet rs) -> {
					rows.accept(row(forMonth, rs, 1));
				});
	}

	/**
	 * Streams the evidence frozen with a FINAL statement: its own lines' sessions, then
	 * those of the adjustments it carries (latest month first), by video and session.
	 */
	void frozen(String holderId, YearMonth month, String videoId, Consumer<Row> rows) {
		String video = (videoId != null) ? " AND video_id = :video" : "";
		this.jdbc.query(
				"SELECT for_month, " + COLUMNS + " FROM statement_evidence "
						+ "WHERE holder_id = :holder AND month = :month" + video
						+ " ORDER BY for_month DESC, video_id, session_id",
				new MapSqlParameterSource().addValue("holder", holderId)
					.addValue("month", month.toString())
					.addValue("video", videoId),
				(ResultSet rs) -> {
					rows.accept(row(YearMonth.parse(rs.getString(1)), rs, 2));
				});
	}

	/**
	 * Freezes {@code forMonth}'s evidence with the statement of {@code month} (the same
	 * month for its own lines, an earlier one for an adjustment it carries).
	 */
	void freeze(String holderId, YearMonth month, YearMonth forMonth) {
		this.jdbc.update(
				"INSERT INTO statement_evidence (holder_id, month, for_month, " + COLUMNS + ") "
						+ "SELECT :holder, :month, :forMonth, " + COLUMNS + " FROM (" + difference(false) + ") q",
				parameters(holderId, forMonth, null).addValue("month", month.toString()));
	}

	/**
	 * The holder's key for pseudonymous viewer ids, made the first time it is asked for.
	 */
	byte[] viewerKey(String holderId) {
		byte[] key = new byte[32];
		this.random.nextBytes(key);
		this.jdbc.update(
				"UPDATE license_holders SET viewer_key = :key WHERE holder_id = :holder AND viewer_key IS NULL",
				new MapSqlParameterSource().addValue("key", key).addValue("holder", holderId));
		return this.jdbc.queryForObject("SELECT viewer_key FROM license_holders WHERE holder_id = :holder",
				new MapSqlParameterSource("holder", holderId), byte[].class);
	}

	/** Whether {@code videoId} is one of the holder's videos. */
	boolean owns(String holderId, String videoId) {
		Integer count = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM videos WHERE holder_id = :holder AND video_id = :video",
				new MapSqlParameterSource().addValue("holder", holderId).addValue("video", videoId), Integer.class);
		return count != null && count > 0;
	}

	private static Row row(YearMonth forMonth, ResultSet rs, int first) throws SQLException {
		return new Row(forMonth, rs.getString(first), rs.getString(first + 1), rs.getString(first + 2),
				rs.getTimestamp(first + 3).toInstant(), rs.getLong(first + 4), rs.getLong(first + 5),
				rs.getInt(first + 6), rs.getString(first + 7), rs.getLong(first + 8));
	}

}
