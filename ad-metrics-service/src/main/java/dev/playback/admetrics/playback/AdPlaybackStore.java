package dev.playback.admetrics.playback;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import dev.playback.schemas.AdPlayback;
import dev.playback.schemas.ViewingSession;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Per session: which revision was applied and its ad playbacks (the facts); per ad, hour,
 * country and device type: the counters and the viewer sketch (the rollup). One
 * transaction per batch; a revision not newer than the stored one changes nothing.
 * <p>
 * The counters change by each changed session's difference. The sketch grows by the
 * viewers a revision adds; when a revision takes a viewer's impression out of a rollup
 * row (a late event split a continuous run, or moved the ad's start to another hour) the
 * row's sketch is rebuilt from its facts, since a sketch cannot forget. Rollup rows are
 * locked in key order, so concurrent batches never wait on each other in a cycle.
 */
@Repository
class AdPlaybackStore {

	private static final byte[] NO_VIEWERS = ViewerSketch.of(List.of());

	private final JdbcClient jdbc;

	AdPlaybackStore(JdbcClient jdbc) {
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
		Map<String, ViewingSession> newest = new TreeMap<>();
		for (ViewingSession session : batch) {
			newest.merge(session.getSessionId(), session,
					(kept, next) -> (next.getRevision() > kept.getRevision()) ? next : kept);
		}
		List<String> changed = upsertSessions(newest.values());
		if (changed.isEmpty()) {
			return 0;
		}
		List<ViewingSession> sessions = changed.stream().map(newest::get).toList();
		Map<RollupKey, Change> changes = new TreeMap<>();
		removeFacts(changed, changes);
		insertFacts(sessions, changes);
		changes.values().removeIf(Change::isEmpty);
		if (!changes.isEmpty()) {
			applyToRollup(changes);
		}
		return changed.size();
	}

	private List<String> upsertSessions(Collection<ViewingSession> sessions) {
		return this.jdbc.sql("""
				INSERT INTO session_ads (session_id, revision, user_id, video_id, country, device_type,
				                         ad_playbacks, updated_at)
				SELECT s.*, CURRENT_TIMESTAMP
				FROM unnest(:ids, :revisions, :users, :videos, :countries, :devices, :ads) AS s
				ON CONFLICT (session_id) DO UPDATE SET
				    revision = EXCLUDED.revision, user_id = EXCLUDED.user_id, video_id = EXCLUDED.video_id,
				    country = EXCLUDED.country, device_type = EXCLUDED.device_type,
				    ad_playbacks = EXCLUDED.ad_playbacks, updated_at = EXCLUDED.updated_at
				WHERE session_ads.revision < EXCLUDED.revision
				RETURNING session_id
				""")
			.param("ids", array("varchar", sessions, ViewingSession::getSessionId))
			.param("revisions", array("int8", sessions, ViewingSession::getRevision))
			.param("users", array("varchar", sessions, ViewingSession::getUserId))
			.param("videos", array("varchar", sessions, ViewingSession::getVideoId))
			.param("countries", array("varchar", sessions, ViewingSession::getCountry))
			.param("devices", array("varchar", sessions, AdPlaybackStore::deviceType))
			.param("ads", array("int4", sessions, (session) -> session.getAds().size()))
			.query(String.class)
			.list();
	}

	/** Deletes the sessions' old facts and takes them out of the changes. */
	private void removeFacts(List<String> sessionIds, Map<RollupKey, Change> changes) {
		this.jdbc.sql("""
				DELETE FROM ad_playback_facts WHERE session_id = ANY(:ids)
				RETURNING ad_id, started_at, country, device_type, user_id, duration_ms, ad_played_ms,
				          max_continuous_ms, max_position_ms, completed, skipped, clicked, ad_playback_id
				""").param("ids", new SqlArrayValue("varchar", sessionIds.toArray())).query((rs, row) -> {
			AdPlayback old = fact(rs);
			Change change = changes.computeIfAbsent(RollupKey.of(old, rs.getString(3), rs.getString(4)),
					(key) -> new Change());
			change.counts = change.counts.plus(AdCounts.of(old).negated());
			if (AdCounts.isImpression(old)) {
				change.removed.add(rs.getString(5));
			}
			return old;
		}).list();
	}

	private static AdPlayback fact(ResultSet rs) throws SQLException {
		return new AdPlayback(rs.getString(13), rs.getString(1), rs.getLong(6), rs.getTimestamp(2).toInstant(),
				rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getBoolean(10), rs.getBoolean(11), rs.getBoolean(12));
	}

	/** Inserts the sessions' new facts and adds them to the changes. */
	private void insertFacts(List<ViewingSession> sessions, Map<RollupKey, Change> changes) {
		List<Fact> facts = new ArrayList<>();
		for (ViewingSession session : sessions) {
			for (AdPlayback ad : session.getAds()) {
				Fact fact = new Fact(session, ad);
				facts.add(fact);
				Change change = changes.computeIfAbsent(RollupKey.of(ad, fact.country(), fact.deviceType()),
						(key) -> new Change());
				change.counts = change.counts.plus(AdCounts.of(ad));
				if (AdCounts.isImpression(ad)) {
					change.added.add(session.getUserId());
				}
			}
		}
		if (facts.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				INSERT INTO ad_playback_facts (session_id, ad_playback_id, ad_id, user_id, started_at, duration_ms,
				                               ad_played_ms, max_continuous_ms, max_position_ms, completed, skipped,
				                               clicked, country, device_type)
				SELECT * FROM unnest(:sessions, :playbacks, :ads, :users, :starts, :durations, :played, :continuous,
				                     :positions, :completed, :skipped, :clicked, :countries, :devices)
				""")
			.param("sessions", array("varchar", facts, (fact) -> fact.session().getSessionId()))
			.param("playbacks", array("varchar", facts, (fact) -> fact.ad().getAdPlaybackId()))
			.param("ads", array("varchar", facts, (fact) -> fact.ad().getAdId()))
			.param("users", array("varchar", facts, (fact) -> fact.session().getUserId()))
			.param("starts", array("timestamptz", facts, (fact) -> fact.ad().getStartedAt().toString()))
			.param("durations", array("int8", facts, (fact) -> fact.ad().getDurationMs()))
			.param("played", array("int8", facts, (fact) -> fact.ad().getAdPlayedMs()))
			.param("continuous", array("int8", facts, (fact) -> fact.ad().getMaxContinuousMs()))
			.param("positions", array("int8", facts, (fact) -> fact.ad().getMaxPositionMs()))
			.param("completed", array("bool", facts, (fact) -> fact.ad().getCompleted()))
			.param("skipped", array("bool", facts, (fact) -> fact.ad().getSkipped()))
			.param("clicked", array("bool", facts, (fact) -> fact.ad().getClicked()))
			.param("countries", array("varchar", facts, Fact::country))
			.param("devices", array("varchar", facts, Fact::deviceType))
			.update();
	}

	private void applyToRollup(Map<RollupKey, Change> changes) {
		Collection<RollupKey> keys = changes.keySet();
		this.jdbc.sql("""
				INSERT INTO ad_hourly (ad_id, hour, country, device_type, starts, impressions, first_quartiles,
				                       midpoints, third_quartiles, completes, skips, clicks, ad_played_ms, viewers)
				SELECT k.*, 0, 0, 0, 0, 0, 0, 0, 0, 0, :empty FROM unnest(:ads, :hours, :countries, :devices) AS k
				ON CONFLICT (ad_id, hour, country, device_type) DO NOTHING
				""")
			.param("empty", NO_VIEWERS)
			.param("ads", array("varchar", keys, RollupKey::adId))
			.param("hours", array("timestamptz", keys, (key) -> key.hour().toString()))
			.param("countries", array("varchar", keys, RollupKey::country))
			.param("devices", array("varchar", keys, RollupKey::deviceType))
			.update();
		Map<RollupKey, byte[]> stored = new HashMap<>();
		this.jdbc
			.sql("""
					SELECT r.ad_id, r.hour, r.country, r.device_type, r.viewers
					FROM ad_hourly r JOIN unnest(:ads, :hours, :countries, :devices) AS k (ad_id, hour, country, device_type)
					  ON r.ad_id = k.ad_id AND r.hour = k.hour AND r.country = k.country AND r.device_type = k.device_type
					ORDER BY r.ad_id, r.hour, r.country, r.device_type
					FOR UPDATE OF r
					""")
			.param("ads", array("varchar", keys, RollupKey::adId))
			.param("hours", array("timestamptz", keys, (key) -> key.hour().toString()))
			.param("countries", array("varchar", keys, RollupKey::country))
			.param("devices", array("varchar", keys, RollupKey::deviceType))
			.query((rs,
					row) -> stored.put(new RollupKey(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
							rs.getString(4)), rs.getBytes(5)))
			.list();
		Map<RollupKey, byte[]> viewers = new HashMap<>();
		changes.forEach((key, change) -> {
			Set<String> gone = new HashSet<>(change.removed);
			gone.removeAll(change.added);
			viewers.put(key, gone.isEmpty() ? ViewerSketch.add(stored.get(key), change.added)
					: ViewerSketch.of(viewersWithImpression(key)));
		});
		Collection<Change> values = changes.values();
		this.jdbc
			.sql("""
					UPDATE ad_hourly r SET starts = r.starts + d.starts, impressions = r.impressions + d.impressions,
					    first_quartiles = r.first_quartiles + d.first_quartiles, midpoints = r.midpoints + d.midpoints,
					    third_quartiles = r.third_quartiles + d.third_quartiles, completes = r.completes + d.completes,
					    skips = r.skips + d.skips, clicks = r.clicks + d.clicks, ad_played_ms = r.ad_played_ms + d.ad_played_ms,
					    viewers = d.viewers
					FROM unnest(:ads, :hours, :countries, :devices, :starts, :impressions, :q1, :q2, :q3, :completes,
					            :skips, :clicks, :played, :viewers)
					  AS d (ad_id, hour, country, device_type, starts, impressions, first_quartiles, midpoints,
					        third_quartiles, completes, skips, clicks, ad_played_ms, viewers)
					WHERE r.ad_id = d.ad_id AND r.hour = d.hour AND r.country = d.country AND r.device_type = d.device_type
					""")
			.param("ads", array("varchar", keys, RollupKey::adId))
			.param("hours", array("timestamptz", keys, (key) -> key.hour().toString()))
			.param("countries", array("varchar", keys, RollupKey::country))
			.param("devices", array("varchar", keys, RollupKey::deviceType))
			.param("starts", array("int8", values, (change) -> change.counts.starts()))
			.param("impressions", array("int8", values, (change) -> change.counts.impressions()))
			.param("q1", array("int8", values, (change) -> change.counts.firstQuartiles()))
			.param("q2", array("int8", values, (change) -> change.counts.midpoints()))
			.param("q3", array("int8", values, (change) -> change.counts.thirdQuartiles()))
			.param("completes", array("int8", values, (change) -> change.counts.completes()))
			.param("skips", array("int8", values, (change) -> change.counts.skips()))
			.param("clicks", array("int8", values, (change) -> change.counts.clicks()))
			.param("played", array("int8", values, (change) -> change.counts.adPlayedMs()))
			.param("viewers",
					new SqlArrayValue("bytea", (Object[]) keys.stream().map(viewers::get).toArray(byte[][]::new)))
			.update();
	}

	/**
	 * The users with an impression in a rollup row, from the facts (already replaced).
	 */
	private List<String> viewersWithImpression(RollupKey key) {
		return this.jdbc.sql("""
				SELECT DISTINCT user_id FROM ad_playback_facts
				WHERE ad_id = :ad AND started_at >= :hour AND started_at < :end AND country = :country
				  AND device_type = :device AND max_continuous_ms >= :impression
				""")
			.param("ad", key.adId())
			.param("hour", Timestamp.from(key.hour()))
			.param("end", Timestamp.from(key.hour().plus(1, ChronoUnit.HOURS)))
			.param("country", key.country())
			.param("device", key.deviceType())
			.param("impression", AdCounts.IMPRESSION_MS)
			.query(String.class)
			.list();
	}

	private static <T> SqlArrayValue array(String type, Collection<T> items, Function<T, ?> field) {
		return new SqlArrayValue(type, items.stream().map(field).toArray());
	}

	private static String deviceType(ViewingSession session) {
		return (session.getDeviceType() != null) ? session.getDeviceType().name() : null;
	}

	/**
	 * An ad playback of a session, with the session's dimensions ('' when it named none).
	 */
	private record Fact(ViewingSession session, AdPlayback ad) {

		String country() {
			return (this.session.getCountry() != null) ? this.session.getCountry() : "";
		}

		String deviceType() {
			String type = AdPlaybackStore.deviceType(this.session);
			return (type != null) ? type : "";
		}

	}

	/** What a batch changes in one rollup row. */
	private static final class Change {

		AdCounts counts = AdCounts.ZERO;

		final Set<String> added = new HashSet<>();

		final Set<String> removed = new HashSet<>();

		boolean isEmpty() {
			return this.counts.isZero() && this.added.isEmpty() && this.removed.isEmpty();
		}

	}

	/** A rollup row's key, in the order rows are locked. */
	record RollupKey(String adId, Instant hour, String country, String deviceType) implements Comparable<RollupKey> {

		private static final Comparator<RollupKey> ORDER = Comparator.comparing(RollupKey::adId)
			.thenComparing(RollupKey::hour)
			.thenComparing(RollupKey::country)
			.thenComparing(RollupKey::deviceType);

		static RollupKey of(AdPlayback ad, String country, String deviceType) {
			return new RollupKey(ad.getAdId(), ad.getStartedAt().truncatedTo(ChronoUnit.HOURS), country, deviceType);
		}

		@Override
		public int compareTo(RollupKey other) {
			return ORDER.compare(this, other);
		}

	}

}
