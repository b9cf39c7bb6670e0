package dev.playback.admetrics.catalog;

import java.sql.ResultSet;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.playback.admetrics.sessions.Attribution;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Advertisers, campaigns and ads, written by natural key. */
@Repository
class AdCatalogStore {

	private static final String UPSERT_AD = """
			INSERT INTO ads (ad_id, campaign_id, duration_ms, updated_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP)
			ON CONFLICT (ad_id) DO UPDATE SET campaign_id = EXCLUDED.campaign_id, duration_ms = EXCLUDED.duration_ms,
			    updated_at = EXCLUDED.updated_at
			""";

	private final JdbcClient jdbc;

	private final JdbcTemplate batches;

	private final Attribution attribution;

	AdCatalogStore(JdbcClient jdbc, JdbcTemplate batches, Attribution attribution) {
		this.jdbc = jdbc;
		this.batches = batches;
		this.attribution = attribution;
	}

	void upsertAdvertiser(String advertiserId, String name) {
		this.jdbc.sql("""
				INSERT INTO advertisers (advertiser_id, name, updated_at) VALUES (:id, :name, CURRENT_TIMESTAMP)
				ON CONFLICT (advertiser_id) DO UPDATE SET name = EXCLUDED.name, updated_at = EXCLUDED.updated_at
				""").param("id", advertiserId).param("name", name).update();
	}

	/** Whether the advertiser exists (and the campaign was written). */
	boolean upsertCampaign(String campaignId, String advertiserId, String name) {
		try {
			this.jdbc.sql("""
					INSERT INTO campaigns (campaign_id, advertiser_id, name, updated_at)
					VALUES (:id, :advertiserId, :name, CURRENT_TIMESTAMP)
					ON CONFLICT (campaign_id) DO UPDATE SET advertiser_id = EXCLUDED.advertiser_id,
					    name = EXCLUDED.name, updated_at = EXCLUDED.updated_at
					""").param("id", campaignId).param("advertiserId", advertiserId).param("name", name).update();
			return true;
		}
		catch (DataIntegrityViolationException ex) {
			return false;
		}
	}

	/**
	 * An ad to write.
	 *
	 * @param adId the creative
	 * @param campaignId its campaign
	 * @param durationMs its length
	 */
	record Ad(String adId, String campaignId, long durationMs) {
	}

	/**
	 * Whether the campaign exists (and the ad was written, its facts moved to the
	 * campaign).
	 */
	@Transactional
	boolean upsertAd(Ad ad) {
		if (this.jdbc.sql("SELECT COUNT(*) FROM campaigns WHERE campaign_id = :id")
			.param("id", ad.campaignId())
			.query(Long.class)
			.single() == 0) {
			return false;
		}
		upsertAds(List.of(ad));
		return true;
	}

	/**
	 * An advertiser at a glance.
	 *
	 * @param advertiserId its id
	 * @param name its display name
	 * @param campaigns how many campaigns it has
	 * @param ads how many ads its campaigns have
	 */
	record AdvertiserSummary(String advertiserId, String name, long campaigns, long ads) {
	}

	List<AdvertiserSummary> advertisers() {
		return this.jdbc.sql("""
				SELECT a.advertiser_id, a.name,
				       (SELECT COUNT(*) FROM campaigns c WHERE c.advertiser_id = a.advertiser_id),
				       (SELECT COUNT(*) FROM ads d JOIN campaigns c ON c.campaign_id = d.campaign_id
				        WHERE c.advertiser_id = a.advertiser_id)
				FROM advertisers a ORDER BY a.advertiser_id
				""")
			.query((rs, row) -> new AdvertiserSummary(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
			.list();
	}

	/**
	 * A campaign and its ads.
	 *
	 * @param campaignId its id
	 * @param name its display name
	 * @param ads its ads, by id
	 */
	record Campaign(String campaignId, String name, List<Ad> ads) {
	}

	/** The advertiser's campaigns with their ads, by id. */
	List<Campaign> campaigns(String advertiserId) {
		Map<String, Campaign> campaigns = new LinkedHashMap<>();
		this.jdbc.sql("""
				SELECT c.campaign_id, c.name, d.ad_id, d.duration_ms FROM campaigns c
				LEFT JOIN ads d ON d.campaign_id = c.campaign_id
				WHERE c.advertiser_id = :advertiser ORDER BY c.campaign_id, d.ad_id
				""").param("advertiser", advertiserId).query((ResultSet rs) -> {
			String name = rs.getString(2);
			Campaign campaign = campaigns.computeIfAbsent(rs.getString(1),
					(id) -> new Campaign(id, name, new ArrayList<>()));
			if (rs.getString(3) != null) {
				campaign.ads().add(new Ad(rs.getString(3), campaign.campaignId(), rs.getLong(4)));
			}
		});
		return List.copyOf(campaigns.values());
	}

	Set<String> campaignIds() {
		return new HashSet<>(this.jdbc.sql("SELECT campaign_id FROM campaigns").query(String.class).list());
	}

	/**
	 * All of them in one transaction, in batches; the ads' facts counted so far move to
	 * their campaigns with them.
	 */
	@Transactional
	void upsertAds(List<Ad> ads) {
		this.attribution.lockCatalog();
		this.batches.batchUpdate(UPSERT_AD, ads, 1_000, (statement, ad) -> {
			statement.setString(1, ad.adId());
			statement.setString(2, ad.campaignId());
			statement.setLong(3, ad.durationMs());
		});
		this.attribution.moveFacts(ads.stream().map(Ad::adId).toList());
	}

}
