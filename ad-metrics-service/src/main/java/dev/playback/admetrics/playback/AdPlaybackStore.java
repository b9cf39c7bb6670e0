package dev.playback.admetrics.playback;

import java.sql.Timestamp;
import java.util.List;

import dev.playback.schemas.AdPlayback;
import dev.playback.schemas.ViewingSession;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Per session: which revision was applied and its ad playbacks, replaced together in one
 * transaction. A revision not newer than the stored one changes nothing.
 */
@Repository
class AdPlaybackStore {

	private final JdbcClient jdbc;

	AdPlaybackStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Applies a batch in one transaction.
	 * @return how many revisions were newer and got applied
	 */
	@Transactional
	int apply(List<ViewingSession> batch) {
		int applied = 0;
		for (ViewingSession session : batch) {
			applied += apply(session) ? 1 : 0;
		}
		return applied;
	}

	/**
	 * @return whether the revision was newer and got applied
	 */
	@Transactional
	boolean apply(ViewingSession session) {
		int changed = this.jdbc.sql("""
				INSERT INTO session_ads (session_id, revision, user_id, video_id, country, device_type,
				                         ad_playbacks, updated_at)
				VALUES (:sessionId, :revision, :userId, :videoId, :country, :deviceType, :adPlaybacks,
				        CURRENT_TIMESTAMP)
				ON CONFLICT (session_id) DO UPDATE SET
				    revision = EXCLUDED.revision, user_id = EXCLUDED.user_id, video_id = EXCLUDED.video_id,
				    country = EXCLUDED.country, device_type = EXCLUDED.device_type,
				    ad_playbacks = EXCLUDED.ad_playbacks, updated_at = EXCLUDED.updated_at
				WHERE session_ads.revision < EXCLUDED.revision
				""")
			.param("sessionId", session.getSessionId())
			.param("revision", session.getRevision())
			.param("userId", session.getUserId())
			.param("videoId", session.getVideoId())
			.param("country", session.getCountry())
			.param("deviceType", (session.getDeviceType() != null) ? session.getDeviceType().name() : null)
			.param("adPlaybacks", session.getAds().size())
			.update();
		if (changed == 0) {
			return false;
		}
		this.jdbc.sql("DELETE FROM ad_playback_facts WHERE session_id = :sessionId")
			.param("sessionId", session.getSessionId())
			.update();
		for (AdPlayback ad : session.getAds()) {
			this.jdbc.sql("""
					INSERT INTO ad_playback_facts (session_id, ad_playback_id, ad_id, user_id, started_at,
					                               duration_ms, ad_played_ms, max_continuous_ms, max_position_ms,
					                               completed, skipped, clicked)
					VALUES (:sessionId, :adPlaybackId, :adId, :userId, :startedAt, :durationMs, :adPlayedMs,
					        :maxContinuousMs, :maxPositionMs, :completed, :skipped, :clicked)
					""")
				.param("sessionId", session.getSessionId())
				.param("adPlaybackId", ad.getAdPlaybackId())
				.param("adId", ad.getAdId())
				.param("userId", session.getUserId())
				.param("startedAt", Timestamp.from(ad.getStartedAt()))
				.param("durationMs", ad.getDurationMs())
				.param("adPlayedMs", ad.getAdPlayedMs())
				.param("maxContinuousMs", ad.getMaxContinuousMs())
				.param("maxPositionMs", ad.getMaxPositionMs())
				.param("completed", ad.getCompleted())
				.param("skipped", ad.getSkipped())
				.param("clicked", ad.getClicked())
				.update();
		}
		return true;
	}

}
