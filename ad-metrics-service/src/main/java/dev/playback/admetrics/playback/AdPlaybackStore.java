package dev.playback.admetrics.playback;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.playback.schemas.AdPlayback;
import dev.playback.schemas.ViewingSession;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import static dev.playback.admetrics.playback.Rollups.array;

/**
 * Per session: which revision was applied and its ad playbacks (the facts), and what they
 * change in the {@link Rollups}. One transaction per batch; a revision not newer than the
 * stored one changes nothing.
 */
@Repository
class AdPlaybackStore {

	private final JdbcClient jdbc;

	private final Rollups rollups;

	private final Attribution attribution;

	AdPlaybackStore(JdbcClient jdbc, Rollups rollups, Attribution attribution) {
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
		Map<String, ViewingSession> newest = new TreeMap<>();
		Set<String> adIds = new TreeSet<>();
		for (ViewingSession session : batch) {
			newest.merge(session.getSessionId(), session,
					(kept, next) -> (next.getRevision() > kept.getRevision()) ? next : kept);
			session.getAds().forEach((ad) -> adIds.add(ad.getAdId()));
		}
		Map<String, String> campaigns = this.attribution.campaignsOf(adIds);
		List<String> changed = upsertSessions(newest.values());
		if (changed.isEmpty()) {
			return 0;
		}
		Rollups.Changes changes = new Rollups.Changes();
		removeFacts(changed, changes);
		insertFacts(changed.stream().map(newest::get).toList(), campaigns, changes);
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

	/** Deletes the sessions' old facts and takes them out of the rollups. */
	private void removeFacts(List<String> sessionIds, Rollups.Changes changes) {
		this.jdbc.sql("""
				DELETE FROM ad_playback_facts WHERE session_id = ANY(:ids)
				RETURNING ad_id, started_at, country, device_type, user_id, duration_ms, ad_played_ms,
				          max_continuous_ms, max_position_ms, completed, skipped, clicked, ad_playback_id, campaign_id
				""").param("ids", new SqlArrayValue("varchar", sessionIds.toArray())).query((rs, row) -> {
			AdPlayback old = Attribution.fact(rs);
			changes.remove(old, rs.getString(14), rs.getString(5), rs.getString(3), rs.getString(4));
			return old;
		}).list();
	}

	/** Inserts the sessions' new facts and puts them into the rollups. */
	private void insertFacts(List<ViewingSession> sessions, Map<String, String> campaigns, Rollups.Changes changes) {
		List<Fact> facts = new ArrayList<>();
		for (ViewingSession session : sessions) {
			for (AdPlayback ad : session.getAds()) {
				Fact fact = new Fact(session, ad, campaigns.getOrDefault(ad.getAdId(), ""));
				facts.add(fact);
				changes.add(ad, fact.campaignId(), session.getUserId(), fact.country(), fact.deviceType());
			}
		}
		if (facts.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				INSERT INTO ad_playback_facts (session_id, ad_playback_id, ad_id, user_id, started_at, duration_ms,
				                               ad_played_ms, max_continuous_ms, max_position_ms, completed, skipped,
				                               clicked, country, device_type, campaign_id)
				SELECT * FROM unnest(:sessions, :playbacks, :ads, :users, :starts, :durations, :played, :continuous,
				                     :positions, :completed, :skipped, :clicked, :countries, :devices, :campaigns)
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
			.param("campaigns", array("varchar", facts, Fact::campaignId))
			.update();
	}

	private static String deviceType(ViewingSession session) {
		return (session.getDeviceType() != null) ? session.getDeviceType().name() : null;
	}

	/**
	 * An ad playback of a session, with the session's dimensions ('' when it named none)
	 * and its ad's campaign ('' while the ad is not in the catalog).
	 */
	private record Fact(ViewingSession session, AdPlayback ad, String campaignId) {

		String country() {
			return (this.session.getCountry() != null) ? this.session.getCountry() : "";
		}

		String deviceType() {
			String type = AdPlaybackStore.deviceType(this.session);
			return (type != null) ? type : "";
		}

	}

}
