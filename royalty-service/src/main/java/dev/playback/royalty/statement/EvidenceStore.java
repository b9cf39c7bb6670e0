package dev.playback.royalty.statement;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
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
	private static final int FETCH_SIZE = 20_000;

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
	 * What the data says now of {@code forMonth}'s lines, per session; one video's or all
	 * the holder's. A line's sessions are one range of the index on session_daily_usage
	 * (video, month, session), so the rows come grouped and in order as they are read.
	 */
	private static String now(boolean oneVideo) {
		String videos = oneVideo
				? "WHERE d.video_id = :video AND EXISTS (SELECT 1 FROM videos v WHERE v.video_id = :video "
						+ "AND v.holder_id = :holder)"
				: "JOIN videos v ON v.video_id = d.video_id WHERE v.holder_id = :holder";
		return """
				SELECT d.video_id, d.session_id, MIN(d.user_id) AS user_id, MIN(d.started_at) AS started_at,
				       CAST(SUM(CASE WHEN d.invalid THEN 0 ELSE d.played_ms END) AS BIGINT) AS played_ms,
				       CAST(SUM(CASE WHEN d.invalid THEN d.played_ms ELSE 0 END) AS BIGINT) AS invalid_played_ms,
				       MAX(CASE WHEN d.qualifying THEN 1 ELSE 0 END) AS qualifying,
				       MIN(d.invalid_traffic) AS invalid_traffic, MAX(d.revision) AS revision
				FROM session_daily_usage d %s AND d.month = :monthStart
				GROUP BY d.video_id, d.session_id
				""".formatted(videos);
	}

	/**
	 * {@link #now} less what statements settled for {@code forMonth}, per session, where
	 * anything differs.
	 */
	private static String difference(boolean oneVideo) {
		String settledVideo = oneVideo ? " AND video_id = :video" : "";
		return """
				WITH live AS (%s), settled AS (
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
				""".formatted(now(oneVideo), settledVideo);
	}

	private static MapSqlParameterSource parameters(String holderId, YearMonth forMonth, String videoId) {
		return new MapSqlParameterSource().addValue("holder", holderId)
			.addValue("forMonth", forMonth.toString())
			.addValue("monthStart", forMonth.atDay(1))
			.addValue("video", videoId);
	}

	/**
	 * Streams {@code forMonth}'s evidence as the data stands now, less what statements
	 * settled for it, ordered by video and session. Call inside a transaction: PostgreSQL
	 * streams rows only there. While nothing is settled for the month (a month not
	 * closed) the rows stream as the index gives them; otherwise only the differing rows
	 * are sorted.
	 * @param videoId one video's, or null for all the holder's
	 */
	void live(String holderId, YearMonth forMonth, String videoId, Consumer<Row> rows) {
		MapSqlParameterSource parameters = parameters(holderId, forMonth, videoId);
		String video = (videoId != null) ? " AND video_id = :video" : "";
		boolean settled = Boolean.TRUE.equals(this.jdbc.queryForObject(
				"SELECT EXISTS (SELECT 1 FROM statement_evidence "
						+ "WHERE holder_id = :holder AND for_month = :forMonth" + video + ")",
				parameters, Boolean.class));
		String query = settled ? difference(videoId != null) + " ORDER BY 1, 2"
				: now(videoId != null)
						+ " HAVING SUM(d.played_ms) <> 0 OR MAX(CASE WHEN d.qualifying THEN 1 ELSE 0 END) <> 0"
						+ " ORDER BY d.video_id, d.session_id";
		withoutJit();
		this.jdbc.query(query, parameters, (ResultSet rs) -> {
			rows.accept(row(forMonth, rs));
		});
	}

	/**
	 * PostgreSQL compiles a plan it expects to touch a million rows before running it,
	 * which holds back the first row by half a second and gains nothing on these plans,
	 * which do little per row. For the current transaction only.
	 */
	private void withoutJit() {
		this.jdbc.getJdbcTemplate().queryForObject("SELECT set_config('jit', 'off', true)", String.class);
	}

	/**
	 * Streams the evidence frozen with a FINAL statement: its own lines' sessions, then
	 * those of the adjustments it carries (latest month first), by video and session.
	 */
	void frozen(String holderId, YearMonth month, String videoId, Consumer<Row> rows) {
		withoutJit();
		MapSqlParameterSource parameters = new MapSqlParameterSource().addValue("holder", holderId)
			.addValue("month", month.toString())
			.addValue("video", videoId);
		// the months it holds evidence for, latest first: one index probe each
		List<String> forMonths = this.jdbc.queryForList("""
				WITH RECURSIVE m (for_month) AS (
				    SELECT MAX(for_month) FROM statement_evidence WHERE holder_id = :holder AND month = :month
				    UNION ALL
				    SELECT (SELECT MAX(e.for_month) FROM statement_evidence e
				            WHERE e.holder_id = :holder AND e.month = :month AND e.for_month < m.for_month)
				    FROM m WHERE m.for_month IS NOT NULL
				)
				SELECT for_month FROM m WHERE for_month IS NOT NULL
				""", parameters, String.class);
		String video = (videoId != null) ? " AND video_id = :video" : "";
		for (String forMonth : forMonths) {
			// in the primary key's order: streamed as the index gives it
			this.jdbc.query(
					"SELECT " + COLUMNS + " FROM statement_evidence WHERE holder_id = :holder "
							+ "AND month = :month AND for_month = :forMonth" + video + " ORDER BY video_id, session_id",
					parameters.addValue("forMonth", forMonth), (ResultSet rs) -> {
						rows.accept(row(YearMonth.parse(forMonth), rs));
					});
		}
	}

	/**
	 * Freezes {@code forMonth}'s evidence with the statement of {@code month} (the same
	 * month for its own lines, an earlier one for an adjustment it carries).
	 */
	void freeze(String holderId, YearMonth month, YearMonth forMonth) {
		withoutJit();
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

	private static Row row(YearMonth forMonth, ResultSet rs) throws SQLException {
		return new Row(forMonth, rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
				rs.getLong(5), rs.getLong(6), rs.getInt(7), rs.getString(8), rs.getLong(9));
	}

}
