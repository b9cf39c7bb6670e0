package dev.playback.admetrics.playback;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import dev.playback.schemas.AdPlayback;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * Which campaign an ad playback counts for. Facts carry the campaign the catalog gave
 * their ad when they were written ({@code ""} while the ad is unknown), and the campaign
 * rollup is kept by it. When the catalog gives an ad a campaign (a new ad, or a move),
 * its facts and their share of the campaign rollup move with it in the catalog's
 * transaction.
 * <p>
 * The two never interleave: each consumer transaction holds a shared lock on the one
 * {@code attribution} row while it reads the catalog and writes facts, and a catalog
 * change takes that row exclusively, so it waits for the consumers in flight and they
 * wait for it.
 */
@Component
public class Attribution {

	private final JdbcClient jdbc;

	private final Rollups rollups;

	Attribution(JdbcClient jdbc, Rollups rollups) {
		this.jdbc = jdbc;
		this.rollups = rollups;
	}

	/**
	 * The campaigns of the ads the catalog knows, read under the shared lock (a consumer
	 * transaction).
	 */
	Map<String, String> campaignsOf(Collection<String> adIds) {
		this.jdbc.sql("SELECT epoch FROM attribution WHERE id = 1 FOR SHARE").query(Long.class).single();
		Map<String, String> campaigns = new HashMap<>();
		this.jdbc.sql("SELECT ad_id, campaign_id FROM ads WHERE ad_id = ANY(:ads)")
			.param("ads", new SqlArrayValue("varchar", adIds.toArray()))
			.query((rs, row) -> campaigns.put(rs.getString(1), rs.getString(2)))
			.list();
		return campaigns;
	}

	/**
	 * Takes the exclusive lock; call first in a transaction that changes ads, then
	 * {@link #moveFacts} once they are written.
	 */
	public void lockCatalog() {
		this.jdbc.sql("UPDATE attribution SET epoch = epoch + 1 WHERE id = 1").update();
	}

	/**
	 * Moves the facts of these ads, and their share of the campaign rollup, to the
	 * campaign the catalog gives them now.
	 */
	public void moveFacts(Collection<String> adIds) {
		Rollups.Changes changes = new Rollups.Changes();
		Map<String, String> moved = new HashMap<>();
		this.jdbc.sql("""
				SELECT f.ad_id, f.started_at, f.country, f.device_type, f.user_id, f.duration_ms, f.ad_played_ms,
				       f.max_continuous_ms, f.max_position_ms, f.completed, f.skipped, f.clicked, f.ad_playback_id,
				       f.campaign_id, a.campaign_id
				FROM ad_playback_facts f JOIN ads a ON a.ad_id = f.ad_id
				WHERE f.ad_id = ANY(:ads) AND f.campaign_id <> a.campaign_id
				""").param("ads", new SqlArrayValue("varchar", adIds.toArray())).query((rs, row) -> {
			AdPlayback fact = fact(rs);
			String user = rs.getString(5);
			// the ad rollup's share cancels out; the campaign rollup's moves
			changes.remove(fact, rs.getString(14), user, rs.getString(3), rs.getString(4));
			changes.add(fact, rs.getString(15), user, rs.getString(3), rs.getString(4));
			moved.put(fact.getAdId(), rs.getString(15));
			return fact;
		}).list();
		if (moved.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				UPDATE ad_playback_facts f SET campaign_id = a.campaign_id FROM ads a
				WHERE a.ad_id = f.ad_id AND f.ad_id = ANY(:ads) AND f.campaign_id <> a.campaign_id
				""").param("ads", new SqlArrayValue("varchar", moved.keySet().toArray())).update();
		this.rollups.apply(changes);
	}

	/**
	 * A fact row as selected by the consumer's and the catalog's queries (columns 1-13).
	 */
	static AdPlayback fact(ResultSet rs) throws SQLException {
		return new AdPlayback(rs.getString(13), rs.getString(1), rs.getLong(6), rs.getTimestamp(2).toInstant(),
				rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getBoolean(10), rs.getBoolean(11), rs.getBoolean(12));
	}

}
