package dev.playback.admetrics.sessions;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.playback.reports.sql.SqlArrays;
import dev.playback.schemas.AdPlayback;
import dev.playback.schemas.ViewingSession;
import dev.playback.sessions.consumer.SessionBatches;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Per session: which revision was applied and its ad playbacks (the facts), and what they
 * change in the {@link RollupStore}. One transaction per batch; a revision not newer than
 * the stored one changes nothing, and of a newer one only the ad playbacks that changed
 * are rewritten and counted again (most revisions change the content figures only).
 */
@Repository
class AdPlaybackStore {

	private final JdbcClient jdbc;

	private final RollupStore rollups;

	private final Attribution attribution;

	AdPlaybackStore(JdbcClient jdbc, RollupStore rollups, Attribution attribution) {
		this.jdbc = jdbc;
		this.rollups = rollups;
		this.attribution = attribution;
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
		Set<String> adIds = new TreeSet<>();
		newest.values().forEach((session) -> session.getAds().forEach((ad) -> adIds.add(ad.getAdId())));
		Map<String, String> campaigns = this.attribution.campaignsOf(adIds);
		List<String> changed = upsertSessions(newest.values());
		if (changed.isEmpty()) {
			return 0;
		}
		Map<FactKey, Fact> stored = storedFacts(changed);
		Map<FactKey, Fact> fresh = new TreeMap<>();
		for (String sessionId : changed) {
			ViewingSession session = newest.get(sessionId);
			for (AdPlayback ad : session.getAds()) {
				Fact fact = Fact.of(session, ad, campaigns.getOrDefault(ad.getAdId(), ""));
				fresh.put(fact.key(), fact);
			}
		}
		// a fact the revision left as it was is neither rewritten nor counted again
		Map<FactKey, Fact> gone = new TreeMap<>();
		stored.forEach((key, fact) -> {
			if (!fact.sameAs(fresh.get(key))) {
				gone.put(key, fact);
			}
		});
		fresh.entrySet().removeIf((entry) -> entry.getValue().sameAs(stored.get(entry.getKey())));
		RollupStore.Changes changes = new RollupStore.Changes();
		gone.values().forEach((fact) -> fact.changeBy(changes, -1));
		fresh.values().forEach((fact) -> fact.changeBy(changes, 1));
		deleteFacts(gone.values());
		insertFacts(fresh.values());
		this.rollups.apply(changes);
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
			.param("ids", SqlArrays.of("varchar", sessions, ViewingSession::getSessionId))
			.param("revisions", SqlArrays.of("int8", sessions, ViewingSession::getRevision))
			.param("users", SqlArrays.of("varchar", sessions, ViewingSession::getUserId))
			.param("videos", SqlArrays.of("varchar", sessions, ViewingSession::getVideoId))
			.param("countries", SqlArrays.of("varchar", sessions, ViewingSession::getCountry))
			.param("devices", SqlArrays.of("varchar", sessions, AdPlaybackStore::deviceType))
			.param("ads", SqlArrays.of("int4", sessions, (session) -> session.getAds().size()))
			.query(String.class)
			.list();
	}

	/** The facts stored for these sessions, by session and ad playback id. */
	private Map<FactKey, Fact> storedFacts(List<String> sessionIds) {
		Map<FactKey, Fact> stored = new TreeMap<>();
		this.jdbc.sql("""
				SELECT ad_id, started_at, country, device_type, user_id, duration_ms, ad_played_ms, max_continuous_ms,
				       max_position_ms, completed, skipped, clicked, ad_playback_id, campaign_id, session_id,
				       measurable, viewable, ad_serving_id, invalid_traffic
				FROM ad_playback_facts WHERE session_id = ANY(:ids)
				""").param("ids", SqlArrays.of("varchar", sessionIds)).query((rs, row) -> {
			Fact fact = new Fact(rs.getString(15), rs.getString(5), rs.getString(3), rs.getString(4), rs.getString(14),
					rs.getString(19), Attribution.fact(rs));
			return stored.put(fact.key(), fact);
		}).list();
		return stored;
	}

	private void deleteFacts(Collection<Fact> facts) {
		if (facts.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				DELETE FROM ad_playback_facts f USING unnest(:sessions, :playbacks) AS d (session_id, ad_playback_id)
				WHERE f.session_id = d.session_id AND f.ad_playback_id = d.ad_playback_id
				""")
			.param("sessions", SqlArrays.of("varchar", facts, Fact::sessionId))
			.param("playbacks", SqlArrays.of("varchar", facts, (fact) -> fact.ad().getAdPlaybackId()))
			.update();
	}

	private void insertFacts(Collection<Fact> facts) {
		if (facts.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				INSERT INTO ad_playback_facts (session_id, ad_playback_id, ad_id, user_id, started_at, duration_ms,
				                               ad_played_ms, max_continuous_ms, max_position_ms, completed, skipped,
				                               clicked, country, device_type, campaign_id, measurable, viewable,
				                               ad_serving_id, invalid_traffic)
				SELECT * FROM unnest(:sessions, :playbacks, :ads, :users, :starts, :durations, :played, :continuous,
				                     :positions, :completed, :skipped, :clicked, :countries, :devices, :campaigns,
				                     :measurable, :viewable, :servingIds, :invalid)
				""")
			.param("sessions", SqlArrays.of("varchar", facts, Fact::sessionId))
			.param("playbacks", SqlArrays.of("varchar", facts, (fact) -> fact.ad().getAdPlaybackId()))
			.param("ads", SqlArrays.of("varchar", facts, (fact) -> fact.ad().getAdId()))
			.param("users", SqlArrays.of("varchar", facts, Fact::userId))
			.param("starts", SqlArrays.of("timestamptz", facts, (fact) -> fact.ad().getStartedAt().toString()))
			.param("durations", SqlArrays.of("int8", facts, (fact) -> fact.ad().getDurationMs()))
			.param("played", SqlArrays.of("int8", facts, (fact) -> fact.ad().getAdPlayedMs()))
			.param("continuous", SqlArrays.of("int8", facts, (fact) -> fact.ad().getMaxContinuousMs()))
			.param("positions", SqlArrays.of("int8", facts, (fact) -> fact.ad().getMaxPositionMs()))
			.param("completed", SqlArrays.of("bool", facts, (fact) -> fact.ad().getCompleted()))
			.param("skipped", SqlArrays.of("bool", facts, (fact) -> fact.ad().getSkipped()))
			.param("clicked", SqlArrays.of("bool", facts, (fact) -> fact.ad().getClicked()))
			.param("countries", SqlArrays.of("varchar", facts, Fact::country))
			.param("devices", SqlArrays.of("varchar", facts, Fact::deviceType))
			.param("campaigns", SqlArrays.of("varchar", facts, Fact::campaignId))
			.param("measurable", SqlArrays.of("bool", facts, (fact) -> fact.ad().getMeasurable()))
			.param("viewable", SqlArrays.of("bool", facts, (fact) -> fact.ad().getViewable()))
			.param("servingIds", SqlArrays.of("varchar", facts, (fact) -> fact.ad().getAdServingId()))
			.param("invalid", SqlArrays.of("varchar", facts, Fact::invalidTraffic))
			.update();
	}

	private static String deviceType(ViewingSession session) {
		return (session.getDeviceType() != null) ? session.getDeviceType().name() : null;
	}

	/**
	 * An ad playback of a session as stored: with the session's user and dimensions (''
	 * when it named none), its ad's campaign ('' while the ad is not in the catalog) and
	 * why the session is invalid traffic (null while it is valid).
	 */
	private record Fact(String sessionId, String userId, String country, String deviceType, String campaignId,
			String invalidTraffic, AdPlayback ad) {

		static Fact of(ViewingSession session, AdPlayback ad, String campaignId) {
			String device = AdPlaybackStore.deviceType(session);
			return new Fact(session.getSessionId(), session.getUserId(),
					(session.getCountry() != null) ? session.getCountry() : "", (device != null) ? device : "",
					campaignId, (session.getInvalidTraffic() != null) ? session.getInvalidTraffic().name() : null, ad);
		}

		FactKey key() {
			return new FactKey(this.sessionId, this.ad.getAdPlaybackId());
		}

		/** Whether the other is the same fact row (compared field by field). */
		boolean sameAs(Fact other) {
			if (other == null) {
				return false;
			}
			AdPlayback mine = this.ad;
			AdPlayback theirs = other.ad;
			return this.sessionId.equals(other.sessionId) && this.userId.equals(other.userId)
					&& this.country.equals(other.country) && this.deviceType.equals(other.deviceType)
					&& this.campaignId.equals(other.campaignId)
					&& Objects.equals(this.invalidTraffic, other.invalidTraffic)
					&& mine.getAdPlaybackId().equals(theirs.getAdPlaybackId())
					&& mine.getAdId().equals(theirs.getAdId()) && mine.getDurationMs() == theirs.getDurationMs()
					&& mine.getStartedAt().equals(theirs.getStartedAt())
					&& mine.getAdPlayedMs() == theirs.getAdPlayedMs()
					&& mine.getMaxContinuousMs() == theirs.getMaxContinuousMs()
					&& mine.getMaxPositionMs() == theirs.getMaxPositionMs()
					&& mine.getCompleted() == theirs.getCompleted() && mine.getSkipped() == theirs.getSkipped()
					&& mine.getClicked() == theirs.getClicked() && mine.getMeasurable() == theirs.getMeasurable()
					&& mine.getViewable() == theirs.getViewable()
					&& Objects.equals(mine.getAdServingId(), theirs.getAdServingId());
		}

		void changeBy(RollupStore.Changes changes, int sign) {
			RollupStore.Placed placed = new RollupStore.Placed(this.ad, this.invalidTraffic != null, this.campaignId,
					this.userId, this.country, this.deviceType);
			if (sign > 0) {
				changes.add(placed);
			}
			else {
				changes.remove(placed);
			}
		}

	}

	/** A fact's key: its session, then its ad playback. */
	private record FactKey(String sessionId, String adPlaybackId) implements Comparable<FactKey> {

		@Override
		public int compareTo(FactKey other) {
			int order = this.sessionId.compareTo(other.sessionId);
			return (order != 0) ? order : this.adPlaybackId.compareTo(other.adPlaybackId);
		}

	}

}
