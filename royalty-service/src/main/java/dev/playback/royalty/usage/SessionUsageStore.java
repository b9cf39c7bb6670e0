package dev.playback.royalty.usage;

import java.sql.Timestamp;

import dev.playback.schemas.ViewingSession;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * One row per session with its latest applied revision. A revision not newer than the
 * stored one changes nothing, so replays and redeliveries are harmless.
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
		return changed == 1;
	}

}
