package dev.playback.royalty.sessions;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.playback.schemas.DailyPlay;
import dev.playback.reports.sql.SqlArrays;
import dev.playback.royalty.late.LateMonths;
import dev.playback.royalty.retention.Retention;
import dev.playback.schemas.ViewingSession;
import dev.playback.sessions.consumer.CommittedChanges;
import dev.playback.sessions.consumer.SessionBatches;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * One row per session with its latest applied revision, its played ms per day, and the
 * daily rollup per video, all in one transaction per batch. A revision not newer than the
 * stored one changes nothing, so replays and redeliveries are harmless.
 * <p>
 * A batch costs four statements whatever its size: the guarded upsert of the sessions
 * (which answers the ids it changed), the reading of those sessions' stored per-day rows
 * (the old figures), the upsert of their new per-day rows (and, rarely, the deletion of
 * days a revision no longer has), and the rollup change summed per video and day. Rows
 * are updated in place, not deleted and inserted again. Rows are passed as arrays
 * ({@code unnest}), which PostgreSQL and YugabyteDB both take.
 */
@Repository
class SessionUsageStore {

	private final JdbcClient jdbc;

	private final LateMonths lateMonths;

	private final Retention retention;

	private final Counter outsideRetention;

	private final CommittedChanges played;

	SessionUsageStore(JdbcClient jdbc, LateMonths lateMonths, Retention retention, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.lateMonths = lateMonths;
		this.retention = retention;
		this.outsideRetention = Counter.builder("royalty.sessions.outside.retention")
			.description("Session revisions not applied: the session started before the retention's horizon")
			.register(meters);
		this.played = new CommittedChanges(meters, "royalty.played.seconds",
				"Valid play applied to the daily usage statements are made of, in seconds: added, and withdrawn "
						+ "by revisions that lowered it or found a session to be invalid traffic");
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
		Map<String, ViewingSession> newest = SessionBatches.newestPerSession(batch);
		// a deleted session's play never comes back into the rollup from a replayed topic
		int before = newest.size();
		newest.values().removeIf((session) -> !this.retention.keeps(session.getStartedAt()));
		this.outsideRetention.increment(before - newest.size());
		if (newest.isEmpty()) {
			return 0;
		}
		List<String> changed = upsertSessions(newest.values());
		if (!changed.isEmpty()) {
			applyDailyDifference(changed.stream().map(newest::get).toList());
		}
		return changed.size();
	}

	private List<String> upsertSessions(Collection<ViewingSession> sessions) {
		return this.jdbc.sql("""
				INSERT INTO session_usage (session_id, revision, user_id, video_id, started_at, last_event_at,
				                           played_ms, unique_watched_ms, closed, invalid_traffic, updated_at)
				SELECT s.*, CURRENT_TIMESTAMP
				FROM unnest(:ids, :revisions, :users, :videos, :starts, :lasts, :played, :unique, :closed,
				            :invalid) AS s
				ON CONFLICT (session_id) DO UPDATE SET
				    revision = EXCLUDED.revision, user_id = EXCLUDED.user_id, video_id = EXCLUDED.video_id,
				    started_at = EXCLUDED.started_at, last_event_at = EXCLUDED.last_event_at,
				    played_ms = EXCLUDED.played_ms, unique_watched_ms = EXCLUDED.unique_watched_ms,
				    closed = EXCLUDED.closed, invalid_traffic = EXCLUDED.invalid_traffic,
				    updated_at = EXCLUDED.updated_at
				WHERE session_usage.revision < EXCLUDED.revision
				RETURNING session_id
				""")
			.param("ids", SqlArrays.of("varchar", sessions, ViewingSession::getSessionId))
			.param("revisions", SqlArrays.of("int8", sessions, ViewingSession::getRevision))
			.param("users", SqlArrays.of("varchar", sessions, ViewingSession::getUserId))
			.param("videos", SqlArrays.of("varchar", sessions, ViewingSession::getVideoId))
			.param("starts", SqlArrays.of("timestamptz", sessions, (session) -> session.getStartedAt().toString()))
			.param("lasts", SqlArrays.of("timestamptz", sessions, (session) -> session.getLastEventAt().toString()))
			.param("played", SqlArrays.of("int8", sessions, ViewingSession::getPlayedMs))
			.param("unique", SqlArrays.of("int8", sessions, ViewingSession::getUniqueWatchedMs))
			.param("closed", SqlArrays.of("bool", sessions, ViewingSession::getClosed))
			.param("invalid", SqlArrays.of("varchar", sessions, SessionUsageStore::invalidTraffic))
			.query(String.class)
			.list();
	}

	private static String invalidTraffic(ViewingSession session) {
		return (session.getInvalidTraffic() != null) ? session.getInvalidTraffic().name() : null;
	}

	/**
	 * Writes the changed sessions' per-day rows as their new revisions have them (in
	 * place: a row's indexed columns never change, so on PostgreSQL the update is HOT),
	 * deletes the rows of days a new revision no longer has, and adds the difference,
	 * summed per video and day, to the daily rollup: to its valid column, or to its
	 * invalid-traffic column for a session of invalid traffic (a session found invalid in
	 * a later revision moves from one to the other). Rollup rows are changed in key order
	 * so that concurrent transactions never wait on each other in a cycle.
	 */
	private void applyDailyDifference(List<ViewingSession> sessions) {
		// per video and day: {valid ms, invalid ms}
		Map<VideoDay, long[]> difference = new TreeMap<>();
		// the keys of the stored rows; those the new revisions do not have are deleted
		Set<SessionDayKey> gone = new HashSet<>();
		this.jdbc
			.sql("SELECT session_id, day, video_id, played_ms, invalid FROM session_daily_usage "
					+ "WHERE session_id = ANY(:ids)")
			.param("ids", SqlArrays.of("varchar", sessions, ViewingSession::getSessionId))
			.query((rs, row) -> {
				LocalDate day = rs.getObject(2, LocalDate.class);
				gone.add(new SessionDayKey(rs.getString(1), day));
				return add(difference, new VideoDay(rs.getString(3), day), -rs.getLong(4), rs.getBoolean(5));
			})
			.list();
		List<SessionDay> days = new ArrayList<>();
		for (ViewingSession session : sessions) {
			LocalDate startDay = session.getStartedAt().atZone(ZoneOffset.UTC).toLocalDate();
			boolean qualifies = QualifyingViews.qualifies(session);
			boolean playedOnStartDay = false;
			for (DailyPlay day : session.getPlayedMsByDay()) {
				boolean isStartDay = day.getDay().equals(startDay);
				playedOnStartDay |= isStartDay;
				days.add(new SessionDay(session, day.getDay(), day.getPlayedMs(), qualifies && isStartDay));
				add(difference, new VideoDay(session.getVideoId(), day.getDay()), day.getPlayedMs(),
						session.getInvalidTraffic() != null);
			}
			if (qualifies && !playedOnStartDay) {
				// the qualifying view is evidence of its start month even without play
				// there
				days.add(new SessionDay(session, startDay, 0, true));
			}
		}
		days.forEach((day) -> gone.remove(new SessionDayKey(day.session().getSessionId(), day.day())));
		if (!gone.isEmpty()) {
			this.jdbc.sql("""
					DELETE FROM session_daily_usage d USING unnest(:sessions, :days) AS g (session_id, day)
					WHERE d.session_id = g.session_id AND d.day = g.day
					""")
				.param("sessions", SqlArrays.of("varchar", gone, SessionDayKey::sessionId))
				.param("days", SqlArrays.of("date", gone, (key) -> key.day().toString()))
				.update();
		}
		if (!days.isEmpty()) {
			this.jdbc.sql("""
					INSERT INTO session_daily_usage (session_id, day, video_id, played_ms, invalid, month, user_id,
					                                 started_at, revision, invalid_traffic, qualifying)
					SELECT u.session_id, u.day, u.video_id, u.played_ms, u.invalid_traffic IS NOT NULL,
					       CAST(date_trunc('month', u.day) AS DATE), u.user_id, u.started_at, u.revision,
					       u.invalid_traffic, u.qualifying
					FROM unnest(:sessions, :days, :videos, :played, :users, :starts, :revisions, :invalid, :qualifying)
					     AS u (session_id, day, video_id, played_ms, user_id, started_at, revision, invalid_traffic,
					           qualifying)
					ON CONFLICT (session_id, day) DO UPDATE SET
					    video_id = EXCLUDED.video_id, played_ms = EXCLUDED.played_ms, invalid = EXCLUDED.invalid,
					    month = EXCLUDED.month, user_id = EXCLUDED.user_id, started_at = EXCLUDED.started_at,
					    revision = EXCLUDED.revision, invalid_traffic = EXCLUDED.invalid_traffic,
					    qualifying = EXCLUDED.qualifying
					""")
				.param("sessions", SqlArrays.of("varchar", days, (day) -> day.session().getSessionId()))
				.param("days", SqlArrays.of("date", days, (day) -> day.day().toString()))
				.param("videos", SqlArrays.of("varchar", days, (day) -> day.session().getVideoId()))
				.param("played", SqlArrays.of("int8", days, SessionDay::playedMs))
				.param("users", SqlArrays.of("varchar", days, (day) -> day.session().getUserId()))
				.param("starts", SqlArrays.of("timestamptz", days, (day) -> day.session().getStartedAt().toString()))
				.param("revisions", SqlArrays.of("int8", days, (day) -> day.session().getRevision()))
				.param("invalid", SqlArrays.of("varchar", days, (day) -> invalidTraffic(day.session())))
				.param("qualifying", SqlArrays.of("bool", days, SessionDay::qualifying))
				.update();
		}
		List<Map.Entry<VideoDay, long[]>> changes = difference.entrySet()
			.stream()
			.filter((change) -> change.getValue()[0] != 0 || change.getValue()[1] != 0)
			.toList();
		markLateMonths(sessions, changes);
		this.played.record(changes.stream().mapToLong((change) -> change.getValue()[0]).sum() / 1000.0);
		if (!changes.isEmpty()) {
			this.jdbc.sql("""
					INSERT INTO video_daily_usage (video_id, day, played_ms, invalid_played_ms)
					SELECT * FROM unnest(:videos, :days, :played, :invalid)
					ON CONFLICT (video_id, day) DO UPDATE SET
					    played_ms = video_daily_usage.played_ms + EXCLUDED.played_ms,
					    invalid_played_ms = video_daily_usage.invalid_played_ms + EXCLUDED.invalid_played_ms
					""")
				.param("videos", SqlArrays.of("varchar", changes, (change) -> change.getKey().videoId()))
				.param("days", SqlArrays.of("date", changes, (change) -> change.getKey().day().toString()))
				.param("played", SqlArrays.of("int8", changes, (change) -> change.getValue()[0]))
				.param("invalid", SqlArrays.of("int8", changes, (change) -> change.getValue()[1]))
				.update();
		}
	}

	/**
	 * The months whose statements the changes touch: of every day whose play changed, and
	 * of every changed session's start (its qualifying view). Past ones get marked.
	 */
	private void markLateMonths(List<ViewingSession> sessions, List<Map.Entry<VideoDay, long[]>> changes) {
		Set<List<String>> touched = new TreeSet<>(
				Comparator.comparing((List<String> pair) -> pair.get(0)).thenComparing((pair) -> pair.get(1)));
		for (Map.Entry<VideoDay, long[]> change : changes) {
			touched.add(List.of(change.getKey().videoId(), YearMonth.from(change.getKey().day()).toString()));
		}
		for (ViewingSession session : sessions) {
			touched.add(List.of(session.getVideoId(),
					YearMonth.from(session.getStartedAt().atZone(ZoneOffset.UTC)).toString()));
		}
		this.lateMonths.usageChanged(touched.stream().map((pair) -> pair.get(0)).toList(),
				touched.stream().map((pair) -> pair.get(1)).toList());
	}

	private static Object add(Map<VideoDay, long[]> difference, VideoDay key, long playedMs, boolean invalid) {
		difference.computeIfAbsent(key, (k) -> new long[2])[invalid ? 1 : 0] += playedMs;
		return null;
	}

	/**
	 * One day of a session's play.
	 *
	 * @param qualifying whether this is the start day of a qualifying view
	 */
	private record SessionDay(ViewingSession session, LocalDate day, long playedMs, boolean qualifying) {
	}

	/** A per-day row's key. */
	private record SessionDayKey(String sessionId, LocalDate day) {
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
