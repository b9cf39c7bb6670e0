package dev.playback.royalty.usage;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

import dev.playback.schemas.DailyPlay;
import dev.playback.schemas.ViewingSession;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * One row per session with its latest applied revision, its played ms per day, and the
 * daily rollup per video, all in one transaction. A revision not newer than the stored
 * one changes nothing, so replays and redeliveries are harmless.
 */
@Repository
class SessionUsageStore {

	private final JdbcClient jdbc;

	SessionUsageStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @return whether the revision was newer and got applied
	 */
	@Transactional
	boolean apply(ViewingSession session) {
		int changed = this.jdbc.sql("""
				INSERT INTO session_usage (session_id, revision, user_id, video_id, started_at, last_event_at,
				                           played_ms, unique_watched_ms, closed, updated_at)
				VALUES (:sessionId, :revision, :userId, :videoId, :startedAt, :lastEventAt,
				        :playedMs, :uniqueWatchedMs, :closed, CURRENT_TIMESTAMP)
				ON CONFLICT (session_id) DO UPDATE SET
				    revision = EXCLUDED.revision, user_id = EXCLUDED.user_id, video_id = EXCLUDED.video_id,
				    started_at = EXCLUDED.started_at, last_event_at = EXCLUDED.last_event_at,
				    played_ms = EXCLUDED.played_ms, unique_watched_ms = EXCLUDED.unique_watched_ms,
				    closed = EXCLUDED.closed, updated_at = EXCLUDED.updated_at
				WHERE session_usage.revision < EXCLUDED.revision
				""")
			.param("sessionId", session.getSessionId())
			.param("revision", session.getRevision())
			.param("userId", session.getUserId())
			.param("videoId", session.getVideoId())
			.param("startedAt", Timestamp.from(session.getStartedAt()))
			.param("lastEventAt", Timestamp.from(session.getLastEventAt()))
			.param("playedMs", session.getPlayedMs())
			.param("uniqueWatchedMs", session.getUniqueWatchedMs())
			.param("closed", session.getClosed())
			.update();
		if (changed == 1) {
			applyDailyDifference(session);
		}
		return changed == 1;
	}

	/**
	 * Replaces the session's per-day rows with the new revision's and adds the difference
	 * to the video's daily rollup, in the caller's transaction. Rollup rows are changed
	 * in key order so that concurrent transactions never wait on each other in a cycle.
	 */
	private void applyDailyDifference(ViewingSession session) {
		Map<VideoDay, Long> difference = new TreeMap<>();
		this.jdbc.sql("SELECT video_id, day, played_ms FROM session_daily_usage WHERE session_id = :sessionId")
			.param("sessionId", session.getSessionId())
			.query((rs, row) -> difference.merge(new VideoDay(rs.getString(1), rs.getObject(2, LocalDate.class)),
					-rs.getLong(3), Long::sum))
			.list();
		this.jdbc.sql("DELETE FROM session_daily_usage WHERE session_id = :sessionId")
			.param("sessionId", session.getSessionId())
			.update();
		for (DailyPlay day : session.getPlayedMsByDay()) {
			this.jdbc.sql("""
					INSERT INTO session_daily_usage (session_id, day, video_id, played_ms)
					VALUES (:sessionId, :day, :videoId, :playedMs)
					""")
				.param("sessionId", session.getSessionId())
				.param("day", day.getDay())
				.param("videoId", session.getVideoId())
				.param("playedMs", day.getPlayedMs())
				.update();
			difference.merge(new VideoDay(session.getVideoId(), day.getDay()), day.getPlayedMs(), Long::sum);
		}
		difference.forEach((key, playedMs) -> {
			if (playedMs != 0) {
				this.jdbc
					.sql("""
							INSERT INTO video_daily_usage (video_id, day, played_ms) VALUES (:videoId, :day, :playedMs)
							ON CONFLICT (video_id, day) DO UPDATE SET played_ms = video_daily_usage.played_ms + EXCLUDED.played_ms
							""")
					.param("videoId", key.videoId())
					.param("day", key.day())
					.param("playedMs", playedMs)
					.update();
			}
		});
	}

	/** A rollup row's key, ordered by video then day. */
	private record VideoDay(String videoId, LocalDate day) implements Comparable<VideoDay> {

		@Override
		public int compareTo(VideoDay other) {
			int byVideo = this.videoId.compareTo(other.videoId);
			return (byVideo != 0) ? byVideo : this.day.compareTo(other.day);
		}

	}

}
