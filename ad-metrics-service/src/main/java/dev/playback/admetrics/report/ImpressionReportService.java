package dev.playback.admetrics.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.playback.admetrics.sessions.AdCounts;
import dev.playback.admetrics.sessions.ViewerSketch;
import org.apache.datasketches.hll.Union;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Impression reports of docs/contract.md section 4, read from the hourly rollup: the
 * counters summed, the viewer sketches merged, per time bucket and group. Only ads in one
 * of the advertiser's campaigns count; an ad is attributed to the campaign the catalog
 * gives it now.
 */
@Service
public class ImpressionReportService {

	/** Time buckets of a report: an hour, a day, or the whole range as one. */
	public enum Granularity {

		HOUR(ChronoUnit.HOURS), DAY(ChronoUnit.DAYS), TOTAL(null);

		private final ChronoUnit unit;

		Granularity(ChronoUnit unit) {
			this.unit = unit;
		}

		Instant bucket(Instant hour, Instant from) {
			return (this.unit != null) ? hour.truncatedTo(this.unit) : from;
		}

	}

	/** What the rows of a report are grouped by, and the column that holds it. */
	public enum GroupBy {

		CAMPAIGN("c.campaign_id"), AD("r.ad_id"), COUNTRY("r.country"), DEVICE_TYPE("r.device_type");

		private final String column;

		GroupBy(String column) {
			this.column = column;
		}

	}

	/**
	 * What a report counts, before grouping: one campaign, one ad, some countries, some
	 * device types; {@code null} or empty for all.
	 *
	 * @param campaignId only this campaign's ads
	 * @param adId only this ad
	 * @param countries only sessions in these countries (ISO codes)
	 * @param deviceTypes only sessions on these device types
	 */
	public record Filter(String campaignId, String adId, List<String> countries, List<String> deviceTypes) {

		public static final Filter NONE = new Filter(null, null, List.of(), List.of());

	}

	/**
	 * One bucket of one group.
	 *
	 * @param bucket start of the UTC hour or day
	 * @param group the campaign, ad, country or device type; {@code null} for sessions
	 * that named no country or device type
	 * @param impressions ad playbacks with 2 s of continuous play
	 * @param starts ad playbacks
	 * @param firstQuartiles reached 25%
	 * @param midpoints reached 50%
	 * @param thirdQuartiles reached 75%
	 * @param completes completed
	 * @param skips skipped
	 * @param clicks clicked
	 * @param completionRate completes / starts, 4 decimals
	 * @param adPlayedMs credited ad play
	 * @param uniqueViewers distinct users with an impression (HLL estimate)
	 * @param frequency impressions / uniqueViewers, 4 decimals; {@code null} without
	 * viewers
	 * @param givtExcludedImpressions impressions of sessions of general invalid traffic,
	 * kept out of every other column
	 * @param measurableImpressions impressions whose every event carried viewablePercent
	 * @param viewableImpressions measurable impressions with 2 continuous seconds at
	 * least half in view
	 * @param viewableRate viewableImpressions / measurableImpressions, 4 decimals;
	 * {@code null} without measurable impressions
	 */
	public record Row(Instant bucket, String group, long impressions, long starts, long firstQuartiles, long midpoints,
			long thirdQuartiles, long completes, long skips, long clicks, BigDecimal completionRate, long adPlayedMs,
			long uniqueViewers, BigDecimal frequency, long givtExcludedImpressions, long measurableImpressions,
			long viewableImpressions, BigDecimal viewableRate) {
	}

	/** By campaign, country or device type: one row per campaign, hour and dimension. */
	private static final String CAMPAIGN_ROLLUP = "campaign_hourly r JOIN campaigns c ON c.campaign_id = r.campaign_id";

	/** By ad: the ads the catalog gives the advertiser's campaigns now. */
	private static final String AD_ROLLUP = "ad_hourly r JOIN ads a ON a.ad_id = r.ad_id "
			+ "JOIN campaigns c ON c.campaign_id = a.campaign_id";

	private final JdbcClient jdbc;

	public ImpressionReportService(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Rows of the hours in {@code [from, to)}, by bucket then group; buckets without ad
	 * playbacks or excluded impressions (rollup rows that revisions or moves emptied) are
	 * left out.
	 */
	@Transactional(readOnly = true)
	public List<Row> report(String advertiserId, Instant from, Instant to, Granularity granularity, GroupBy groupBy,
			Filter filter) {
		Map<Key, Bucket> buckets = new TreeMap<>();
		// the campaign rollup (a row per campaign, hour and dimension) unless ads are
		// asked for
		boolean byAd = groupBy == GroupBy.AD || filter.adId() != null;
		StringBuilder where = new StringBuilder("c.advertiser_id = :advertiser AND r.hour >= :from AND r.hour < :to"
				+ " AND (r.starts > 0 OR r.givt_excluded_impressions > 0)");
		Map<String, Object> params = new HashMap<>(
				Map.of("advertiser", advertiserId, "from", Timestamp.from(from), "to", Timestamp.from(to)));
		condition(where, params, "c.campaign_id = :campaign", "campaign", filter.campaignId());
		condition(where, params, "r.ad_id = :ad", "ad", filter.adId());
		condition(where, params, "r.country IN (:countries)", "countries", filter.countries());
		condition(where, params, "r.device_type IN (:deviceTypes)", "deviceTypes", filter.deviceTypes());
		this.jdbc.sql("""
				SELECT r.hour, %s, r.starts, r.impressions, r.first_quartiles, r.midpoints, r.third_quartiles,
				       r.completes, r.skips, r.clicks, r.ad_played_ms, r.viewers, r.givt_excluded_impressions,
				       r.measurable_impressions, r.viewable_impressions
				FROM %s
				WHERE %s
				""".formatted(groupBy.column, byAd ? AD_ROLLUP : CAMPAIGN_ROLLUP, where))
			.params(params)
			.query((ResultSet rs) -> {
				Instant hour = rs.getTimestamp(1).toInstant();
				String group = rs.getString(2);
				Key key = new Key(granularity.bucket(hour, from), (group == null || group.isEmpty()) ? null : group);
				buckets.computeIfAbsent(key, (k) -> new Bucket()).add(rs);
			});
		List<Row> rows = new ArrayList<>(buckets.size());
		buckets.forEach((key, bucket) -> rows.add(bucket.row(key)));
		return rows;
	}

	private static void condition(StringBuilder where, Map<String, Object> params, String sql, String name,
			Object value) {
		if (value != null && !(value instanceof Collection<?> values && values.isEmpty())) {
			where.append(" AND ").append(sql);
			params.put(name, value);
		}
	}

	private record Key(Instant bucket, String group) implements Comparable<Key> {

		private static final Comparator<Key> ORDER = Comparator.comparing(Key::bucket)
			.thenComparing(Key::group, Comparator.nullsFirst(Comparator.naturalOrder()));

		@Override
		public int compareTo(Key other) {
			return ORDER.compare(this, other);
		}

	}

	private static final class Bucket {

		private AdCounts counts = AdCounts.ZERO;

		private final Union viewers = ViewerSketch.union();

		void add(ResultSet rs) throws SQLException {
			AdCounts row = new AdCounts(rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7),
					rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getLong(13), rs.getLong(14),
					rs.getLong(15));
			this.counts = this.counts.plus(row);
			if (row.impressions() > 0) {
				ViewerSketch.merge(this.viewers, rs.getBytes(12));
			}
		}

		Row row(Key key) {
			long unique = ViewerSketch.estimate(this.viewers);
			return new Row(key.bucket(), key.group(), this.counts.impressions(), this.counts.starts(),
					this.counts.firstQuartiles(), this.counts.midpoints(), this.counts.thirdQuartiles(),
					this.counts.completes(), this.counts.skips(), this.counts.clicks(),
					ratio(this.counts.completes(), this.counts.starts()), this.counts.adPlayedMs(), unique,
					ratio(this.counts.impressions(), unique), this.counts.givtExcludedImpressions(),
					this.counts.measurableImpressions(), this.counts.viewableImpressions(),
					ratio(this.counts.viewableImpressions(), this.counts.measurableImpressions()));
		}

		private static BigDecimal ratio(long numerator, long denominator) {
			return (denominator == 0) ? null
					: BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), 4, RoundingMode.HALF_EVEN);
		}

	}

}
