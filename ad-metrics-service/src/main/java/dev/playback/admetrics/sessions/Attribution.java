package dev.playback.admetrics.sessions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.playback.reports.sql.SqlArrays;
import dev.playback.schemas.AdPlayback;

import org.springframework.jdbc.core.simple.JdbcClient;
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

	/** How many ads' answers are kept before they are read again. */
	private static final int MAX_KNOWN = 100_000;

	/** An ad the catalog does not have (a campaign id is never empty). */
	private static final String NOT_IN_CATALOG = "";

	private final JdbcClient jdbc;

	private final RollupStore rollups;

	private volatile Known known = new Known(-1);

	Attribution(JdbcClient jdbc, RollupStore rollups) {
		this.jdbc = jdbc;
		this.rollups = rollups;
	}

	/**
	 * The campaigns of the ads the catalog knows, read under the shared lock (a consumer
	 * transaction). The answers are kept for the catalog's epoch: every change of ads
	 * bumps it, so while it stays the same an ad's campaign, or its absence, is the one
	 * read before.
	 */
	Map<String, String> campaignsOf(Collection<String> adIds) {
		long epoch = this.jdbc.sql("SELECT epoch FROM attribution WHERE id = 1 FOR SHARE").query(Long.class).single();
		Known known = known(epoch);
		List<String> unseen = adIds.stream().filter((adId) -> !known.campaigns.containsKey(adId)).toList();
		if (!unseen.isEmpty()) {
			Map<String, String> read = new HashMap<>();
			this.jdbc.sql("SELECT ad_id, campaign_id FROM ads WHERE ad_id = ANY(:ads)")
				.param("ads", SqlArrays.of("varchar", unseen))
				.query((rs, row) -> read.put(rs.getString(1), rs.getString(2)))
				.list();
			unseen.forEach((adId) -> known.campaigns.put(adId, read.getOrDefault(adId, NOT_IN_CATALOG)));
		}
		Map<String, String> campaigns = new HashMap<>();
		for (String adId : adIds) {
			String campaign = known.campaigns.get(adId);
			if (!NOT_IN_CATALOG.equals(campaign)) {
				campaigns.put(adId, campaign);
			}
		}
		return campaigns;
	}

	private Known known(long epoch) {
		Known known = this.known;
		if (known.epoch != epoch || known.campaigns.size() > MAX_KNOWN) {
			known = new Known(epoch);
			this.known = known;
		}
		return known;
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
		RollupStore.Changes changes = new RollupStore.Changes();
		Map<String, String> moved = new HashMap<>();
		this.jdbc.sql("""
				SELECT f.ad_id, f.started_at, f.country, f.device_type, f.user_id, f.duration_ms, f.ad_played_ms,
				       f.max_continuous_ms, f.max_position_ms, f.completed, f.skipped, f.clicked, f.ad_playback_id,
				       f.campaign_id, a.campaign_id, f.measurable, f.viewable, f.ad_serving_id, f.invalid_traffic
				FROM ad_playback_facts f JOIN ads a ON a.ad_id = f.ad_id
				WHERE f.ad_id = ANY(:ads) AND f.campaign_id <> a.campaign_id
				""").param("ads", SqlArrays.of("varchar", adIds)).query((rs, row) -> {
			AdPlayback fact = fact(rs);
			String user = rs.getString(5);
			boolean invalid = rs.getString(19) != null;
			// the ad rollup's share cancels out; the campaign rollup's moves
			changes.remove(
					new RollupStore.Placed(fact, invalid, rs.getString(14), user, rs.getString(3), rs.getString(4)));
			changes
				.add(new RollupStore.Placed(fact, invalid, rs.getString(15), user, rs.getString(3), rs.getString(4)));
			moved.put(fact.getAdId(), rs.getString(15));
			return fact;
		}).list();
		if (moved.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				UPDATE ad_playback_facts f SET campaign_id = a.campaign_id FROM ads a
				WHERE a.ad_id = f.ad_id AND f.ad_id = ANY(:ads) AND f.campaign_id <> a.campaign_id
				""").param("ads", SqlArrays.of("varchar", moved.keySet())).update();
		this.rollups.apply(changes);
	}

	/**
	 * A fact row as selected by the consumer's and the catalog's queries (columns 1-13
	 * and 16-18).
	 */
	static AdPlayback fact(ResultSet rs) throws SQLException {
		return new AdPlayback(rs.getString(13), rs.getString(1), rs.getLong(6), rs.getTimestamp(2).toInstant(),
				rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getBoolean(10), rs.getBoolean(11), rs.getBoolean(12),
				rs.getBoolean(16), rs.getBoolean(17), rs.getString(18));
	}

	/** The catalog's answers for one epoch. */
	private record Known(long epoch, Map<String, String> campaigns) {

		Known(long epoch) {
			this(epoch, new ConcurrentHashMap<>());
		}

	}

}
