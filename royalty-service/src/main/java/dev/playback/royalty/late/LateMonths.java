package dev.playback.royalty.late;

import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.playback.reports.sql.SqlArrays;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Past months that changed after they were computed, per license holder: usage that
 * arrives for a month before the current one, a video that joins or leaves a holder, a
 * rate card for a past month. An open statement recomputes only these of the FINAL months
 * it carries adjustments for; the months no change touched are settled and cost nothing,
 * however many years of them there are.
 * <p>
 * Marks are made in the writer's transaction whatever the month's status, so a change
 * committed while a month is being closed is never missed: closing removes a mark only at
 * the version it read, and a mark changed since makes the closing transaction fail
 * (repeatable read) rather than forget it.
 */
@Repository
public class LateMonths {

	private static final String BUMP = " ON CONFLICT (holder_id, month) DO UPDATE SET version = late_usage.version + 1";

	private final JdbcClient jdbc;

	LateMonths(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Usage changed for these videos in these months (pairs, index by index): the months
	 * before the current UTC month are marked for the videos' holders.
	 */
	public void usageChanged(List<String> videos, List<String> months) {
		if (videos.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				INSERT INTO late_usage (holder_id, month, version)
				SELECT DISTINCT v.holder_id, t.month, 1
				FROM unnest(:videos, :months) AS t(video_id, month) JOIN videos v ON v.video_id = t.video_id
				WHERE t.month < to_char(CURRENT_TIMESTAMP AT TIME ZONE 'UTC', 'YYYY-MM')
				ORDER BY 1, 2
				""" + BUMP)
			.param("videos", SqlArrays.of("varchar", videos, (video) -> video))
			.param("months", SqlArrays.of("varchar", months, (month) -> month))
			.update();
	}

	/**
	 * Videos joined these holders or left them (pairs): the past months in which the
	 * videos have usage are marked for those holders.
	 */
	public void videosMoved(List<String> videos, List<String> holders) {
		if (videos.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				INSERT INTO late_usage (holder_id, month, version)
				SELECT DISTINCT t.holder_id, to_char(u.day, 'YYYY-MM'), 1
				FROM unnest(:videos, :holders) AS t(video_id, holder_id)
				JOIN video_daily_usage u ON u.video_id = t.video_id
				WHERE u.day < CAST(date_trunc('month', CURRENT_TIMESTAMP AT TIME ZONE 'UTC') AS DATE)
				ORDER BY 1, 2
				""" + BUMP)
			.param("videos", SqlArrays.of("varchar", videos, (video) -> video))
			.param("holders", SqlArrays.of("varchar", holders, (holder) -> holder))
			.update();
	}

	/**
	 * A rate card in force from {@code from}: the holder's months from then until the
	 * current UTC month are marked (closed or not: one being closed right now must not
	 * miss it).
	 */
	public void ratesChanged(String holderId, YearMonth from) {
		this.jdbc.sql("""
				INSERT INTO late_usage (holder_id, month, version)
				SELECT :holder, to_char(m, 'YYYY-MM'), 1
				FROM generate_series(CAST(:from AS TIMESTAMP),
				                     date_trunc('month', CURRENT_TIMESTAMP AT TIME ZONE 'UTC') - INTERVAL '1 month',
				                     INTERVAL '1 month') AS m
				""" + BUMP).param("holder", holderId).param("from", from.atDay(1).atStartOfDay()).update();
	}

	/** The holder's marked months and their versions. */
	public Map<YearMonth, Long> of(String holderId) {
		Map<YearMonth, Long> late = new HashMap<>();
		this.jdbc.sql("SELECT month, version FROM late_usage WHERE holder_id = :holder")
			.param("holder", holderId)
			.query((rs, row) -> late.put(YearMonth.parse(rs.getString(1)), rs.getLong(2)))
			.list();
		return late;
	}

	/**
	 * The months are settled as of the versions read: their marks go, unless changed
	 * since (then the caller's repeatable-read transaction fails and is tried again).
	 */
	public void settled(String holderId, Map<YearMonth, Long> seen) {
		for (Map.Entry<YearMonth, Long> month : seen.entrySet()) {
			this.jdbc.sql("DELETE FROM late_usage WHERE holder_id = :holder AND month = :month AND version = :version")
				.param("holder", holderId)
				.param("month", month.getKey().toString())
				.param("version", month.getValue())
				.update();
		}
	}

}
