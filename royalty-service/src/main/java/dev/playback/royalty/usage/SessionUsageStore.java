package dev.playback.royalty.usage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.playback.schemas.DailyPlay;
import dev.playback.schemas.ViewingSession;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * One row per session with its latest applied revision, its played ms per day, and the
 * daily rollup per video, all in one transaction per batch. A revision not newer than the
 * stored one changes nothing, so replays and redeliveries are harmless.
 * <p>
 * A batch costs four statements whatever its size: the guarded upsert of the sessions
 * (which answers the ids it changed), the deletion of those sessions' per-day rows (which
 * answers the old figures), the new per-day rows, and the rollup change summed per video
 * and day. Rows are passed as arrays ({@code unnest}), which PostgreSQL and YugabyteDB
 * both take.
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
		return apply(List.of(session)) == 1;
	}

	/**
	 * @return how many sessions were changed (a session's newest revision in the batch
	 * counts once, and only when it is newer than the stored one)
	 */
	@Transactional
	int apply(List<ViewingSession> batch) {
		Collection<ViewingSession> newest = newestPerSession(batch);
		List<String> changed = upsertSessions(newest);
		if (!changed.isEmpty()) {
			Set<String> ids = Set.copyOf(changed);
			applyDailyDifference(newest.stream().filter((session) -> ids.contains(session.getSessionId())).toList());
		}
		return changed.size();
	}

	/**
	 * Later revisions of a session in one batch replace earlier ones; ids in key order.
	 */
	private static Collection<ViewingSession> newestPerSession(List<ViewingSession> batch) {
		Map<String, ViewingSession> newest = new TreeMap<>();
		for (ViewingSession session : batch) {
			newest.merge(session.getSessionId(), session,
					(kept, next) -> (next.getRevision() > kept.getRevision()) ? next : kept);
		}
		return newest.values();
	}

	private List<String> upsertSessions(Collection<ViewingSession> sessions) {
		int size = sessions.size();
		String[] ids = new String[size];
		Long[] revisions = new Long[size];
		String[] users = new String[size];
		String[] videos = new String[size];
		String[] starts = new String[size];
		String[] lasts = new String[size];
		Long[] played = new Long[size];
		Long[] unique = new Long[size];
		Boolean[] closed = new Boolean[size];
		int i = 0;
		for (ViewingSession session : sessions) {
			ids[i] = session.getSessionId();
			revisions[i] = session.getRevision();
			users[i] = session.getUserId();
			videos[i] = session.getVideoId();
			starts[i] = session.getStartedAt().toString();
			lasts[i] = session.getLastEventAt().toString();
			played[i] = session.getPlayedMs();
			unique[i] = session.getUniqueWatchedMs();
			closed[i] = session.getClosed();
			i++;
		}
		return this.jdbc.sql("""
				INSERT INTO session_usage (session_id, revision, user_id, video_id, started_at, last_event_at,
				                           played_ms, unique_watched_ms, closed, updated_at)
				SELECT s.*, CURRENT_TIMESTAMP
				FROM unnest(:ids, :revisions, :users, :videos, :starts, :lasts, :played, :unique, :closed) AS s
				ON CONFLICT (session_id) DO UPDATE SET
				    revision = EXCLUDED.revision, user_id = EXCLUDED.user_id, video_id = EXCLUDED.video_id,
				    started_at = EXCLUDED.started_at, last_event_at = EXCLUDED.last_event_at,
				    played_ms = EXCLUDED.played_ms, unique_watched_ms = EXCLUDED.unique_watched_ms,
				    closed = EXCLUDED.closed, updated_at = EXCLUDED.updated_at
				WHERE session_usage.revision < EXCLUDED.revision
				RETURNING session_id
				""")
			.param("ids", new SqlArrayValue("varchar", (Object[]) ids))
			.param("revisions", new SqlArrayValue("int8", (Object[]) revisions))
			.param("users", new SqlArrayValue("varchar", (Object[]) users))
			.param("videos", new SqlArrayValue("varchar", (Object[]) videos))
			.param("starts", new SqlArrayValue("timestamptz", (Object[]) starts))
			.param("lasts", new SqlArrayValue("timestamptz", (Object[]) lasts))
			.param("played", new SqlArrayValue("int8", (Object[]) played))
			.param("unique", new SqlArrayValue("int8", (Object[]) unique))
			.param("closed", new SqlArrayValue("bool", (Object[]) closed))
			.query(String.class)
			.list();
	}

	/**
	 * Replaces the changed sessions' per-day rows with their new revisions' and adds the
	 * difference, summed per video and day, to the daily rollup. Rollup rows are changed
	 * in key order so that concurrent transactions never wait on each other in a cycle.
	 */
	private void applyDailyDifference(List<ViewingSession> sessions) {
		SqlArrayValue ids = new SqlArrayValue("varchar", sessions.stream().map(ViewingSession::getSessionId).toArray());
		Map<VideoDay, Long> difference = new TreeMap<>();
		this.jdbc.sql("DELETE FROM session_daily_usage WHERE session_id = ANY(:ids) RETURNING video_id, day, played_ms")
			.param("ids", ids)
			.query((rs, row) -> difference.merge(new VideoDay(rs.getString(1), rs.getObject(2, LocalDate.class)),
					-rs.getLong(3), Long::sum))
			.list();
		List<Object> daySessions = new ArrayList<>();
		List<Object> days = new ArrayList<>();
		List<Object> dayVideos = new ArrayList<>();
		List<Object> dayPlayed = new ArrayList<>();
		for (ViewingSession session : sessions) {
			for (DailyPlay day : session.getPlayedMsByDay()) {
				daySessions.add(session.getSessionId());
				days.add(day.getDay().toString());
				dayVideos.add(session.getVideoId());
				dayPlayed.add(day.getPlayedMs());
				difference.merge(new VideoDay(session.getVideoId(), day.getDay()), day.getPlayedMs(), Long::sum);
			}
		}
		if (!days.isEmpty()) {
			this.jdbc.sql("""
					INSERT INTO session_daily_usage (session_id, day, video_id, played_ms)
					SELECT * FROM unnest(:sessions, :days, :videos, :played)
					""")
				.param("sessions", new SqlArrayValue("varchar", daySessions.toArray()))
				.param("days", new SqlArrayValue("date", days.toArray()))
				.param("videos", new SqlArrayValue("varchar", dayVideos.toArray()))
				.param("played", new SqlArrayValue("int8", dayPlayed.toArray()))
				.update();
		}
		Map<VideoDay, Long> changes = new LinkedHashMap<>();
		difference.forEach((key, playedMs) -> {
			if (playedMs != 0) {
				changes.put(key, playedMs);
			}
		});
		if (!changes.isEmpty()) {
			this.jdbc
				.sql("""
						INSERT INTO video_daily_usage (video_id, day, played_ms)
						SELECT * FROM unnest(:videos, :days, :played)
						ON CONFLICT (video_id, day) DO UPDATE SET played_ms = video_daily_usage.played_ms + EXCLUDED.played_ms
						""")
				.param("videos",
						new SqlArrayValue("varchar", changes.keySet().stream().map(VideoDay::videoId).toArray()))
				.param("days",
						new SqlArrayValue("date",
								changes.keySet().stream().map((key) -> key.day().toString()).toArray()))
				.param("played", new SqlArrayValue("int8", changes.values().toArray()))
				.update();
		}
	}

	/** A rollup row's key, ordered by video then day. */
	private record VideoDay(String videoId, LocalDate day) implements Comparable<VideoDay> {

		private static final Comparator<VideoDay> ORDER = Comparator.comparing(VideoDay::videoId)
			.thenComparing(VideoDay::day);

		@Override
		public int compareTo(VideoDay other) {
			return ORDER.compare(this, other);
		}

	}

}
