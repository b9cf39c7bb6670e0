package dev.playback.admetrics.sessions;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.playback.reports.sql.SqlArrays;
import dev.playback.schemas.AdPlayback;
import dev.playback.sessions.consumer.CommittedChanges;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * The two hourly rollups of the ad playback facts: per ad ({@code ad_hourly}, for reports
 * by ad) and per campaign ({@code campaign_hourly}, for reports by campaign, country and
 * device type, so that a campaign of many ads is read in few rows). Both are keyed by UTC
 * hour of the ad playback's start, country and device type, and hold the section 4
 * counters and an HLL sketch of the users with an impression.
 * <p>
 * The counters change by the difference of the facts that changed. A sketch grows by the
 * viewers added; when viewers are taken out of a row (a late event split a continuous
 * run, the ad moved to another campaign) its sketch is rebuilt from the facts, since a
 * sketch cannot forget. Each row is written once per transaction: existing rows are
 * locked in key order (so concurrent transactions never wait on each other in a cycle)
 * and read, missing ones inserted whole, the rest updated with counters and sketch
 * together.
 */
@Component
public class RollupStore {

	/** Which rollup, and the facts' column it is keyed by. */
	public enum Level {

		AD("ad_hourly", "ad_id"), CAMPAIGN("campaign_hourly", "campaign_id");

		final String table;

		final String column;

		Level(String table, String column) {
			this.table = table;
			this.column = column;
		}

	}

	private static final byte[] NO_VIEWERS = ViewerSketch.of(List.of());

	private static final String IMPRESSIONS_APPLIED = "Impressions of valid sessions applied to the reports, all "
			+ "of them (kind=impression) and the viewable ones (kind=viewable): added, and withdrawn by revisions "
			+ "that took them back or found a session to be invalid traffic (each batch's net change)";

	private final JdbcClient jdbc;

	private final CommittedChanges impressions;

	private final CommittedChanges viewable;

	RollupStore(JdbcClient jdbc, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.impressions = new CommittedChanges(meters, "admetrics.impressions", IMPRESSIONS_APPLIED, "kind",
				"impression");
		this.viewable = new CommittedChanges(meters, "admetrics.impressions", IMPRESSIONS_APPLIED, "kind", "viewable");
	}

	/**
	 * What some fact changes do to both rollups: facts taken out and put in, by key. A
	 * fact whose campaign is unknown ({@code ""}) changes the ad rollup only.
	 */
	public static final class Changes {

		final Map<Key, Change> byAd = new TreeMap<>();

		final Map<Key, Change> byCampaign = new TreeMap<>();

		public void remove(Placed fact) {
			change(fact, -1);
		}

		public void add(Placed fact) {
			change(fact, 1);
		}

		private void change(Placed fact, int sign) {
			AdPlayback ad = fact.ad();
			Instant hour = ad.getStartedAt().truncatedTo(ChronoUnit.HOURS);
			this.byAd
				.computeIfAbsent(new Key(ad.getAdId(), hour, fact.country(), fact.deviceType()), (key) -> new Change())
				.apply(fact, sign);
			if (!fact.campaignId().isEmpty()) {
				this.byCampaign
					.computeIfAbsent(new Key(fact.campaignId(), hour, fact.country(), fact.deviceType()),
							(key) -> new Change())
					.apply(fact, sign);
			}
		}

	}

	/**
	 * An ad playback where the rollups count it.
	 *
	 * @param ad the ad playback
	 * @param invalid whether its session is general invalid traffic
	 * @param campaignId its ad's campaign, {@code ""} while the ad is not in the catalog
	 * @param userId its viewer
	 * @param country its session's country, {@code ""} when it named none
	 * @param deviceType its session's device type, {@code ""} when it named none
	 */
	public record Placed(AdPlayback ad, boolean invalid, String campaignId, String userId, String country,
			String deviceType) {
	}

	/** Applies changes to both rollups, in the caller's transaction. */
	public void apply(Changes changes) {
		apply(Level.AD, changes.byAd);
		apply(Level.CAMPAIGN, changes.byCampaign);
		// every fact is in the ad rollup once (the campaign rollup repeats the known
		// ones)
		this.impressions
			.record(changes.byAd.values().stream().mapToLong((change) -> change.counts.impressions()).sum());
		this.viewable
			.record(changes.byAd.values().stream().mapToLong((change) -> change.counts.viewableImpressions()).sum());
	}

	private void apply(Level level, Map<Key, Change> all) {
		Map<Key, Change> changes = new TreeMap<>();
		all.forEach((key, change) -> {
			change.cancelOut();
			if (!change.isEmpty()) {
				changes.put(key, change);
			}
		});
		if (changes.isEmpty()) {
			return;
		}
		Map<Key, byte[]> stored = lockRows(level, changes.keySet());
		Map<Key, Change> fresh = new TreeMap<>(changes);
		fresh.keySet().removeAll(stored.keySet());
		if (!fresh.isEmpty()) {
			Set<Key> inserted = insertRows(level, fresh);
			fresh.keySet().removeAll(inserted);
			// rows another transaction inserted since they were looked for
			stored.putAll(lockRows(level, fresh.keySet()));
		}
		Map<Key, Change> existing = new TreeMap<>(changes);
		existing.keySet().retainAll(stored.keySet());
		if (!existing.isEmpty()) {
			updateRows(level, existing, stored);
		}
	}

	/** Locks the rows that exist, in key order, and answers their sketches. */
	private Map<Key, byte[]> lockRows(Level level, Collection<Key> keys) {
		Map<Key, byte[]> stored = new HashMap<>();
		if (keys.isEmpty()) {
			return stored;
		}
		this.jdbc.sql("""
				SELECT r.%2$s, r.hour, r.country, r.device_type, r.viewers
				FROM %1$s r JOIN unnest(:ids, :hours, :countries, :devices) AS k (id, hour, country, device_type)
				  ON r.%2$s = k.id AND r.hour = k.hour AND r.country = k.country AND r.device_type = k.device_type
				ORDER BY r.%2$s, r.hour, r.country, r.device_type
				FOR UPDATE OF r
				""".formatted(level.table, level.column))
			.param("ids", SqlArrays.of("varchar", keys, Key::id))
			.param("hours", SqlArrays.of("timestamptz", keys, (key) -> key.hour().toString()))
			.param("countries", SqlArrays.of("varchar", keys, Key::country))
			.param("devices", SqlArrays.of("varchar", keys, Key::deviceType))
			.query((rs, row) -> stored.put(
					new Key(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4)),
					rs.getBytes(5)))
			.list();
		return stored;
	}

	/** Inserts rows that did not exist; answers the keys it inserted. */
	private Set<Key> insertRows(Level level, Map<Key, Change> fresh) {
		Set<Key> inserted = new HashSet<>();
		this.jdbc.sql("""
				INSERT INTO %1$s (%2$s, hour, country, device_type, starts, impressions, first_quartiles, midpoints,
				                  third_quartiles, completes, skips, clicks, ad_played_ms, givt_excluded_impressions,
				                  measurable_impressions, viewable_impressions, viewers)
				SELECT * FROM unnest(:ids, :hours, :countries, :devices, :starts, :impressions, :q1, :q2, :q3,
				                     :completes, :skips, :clicks, :played, :givt, :measurable, :viewable, :viewers)
				ON CONFLICT (%2$s, hour, country, device_type) DO NOTHING
				RETURNING %2$s, hour, country, device_type
				""".formatted(level.table, level.column))
			.paramSource(rowValues(level, fresh, Map.of()))
			.query((rs, row) -> inserted
				.add(new Key(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4))))
			.list();
		return inserted;
	}

	/** Adds the counters' differences to locked rows and writes their sketches. */
	private void updateRows(Level level, Map<Key, Change> existing, Map<Key, byte[]> stored) {
		this.jdbc
			.sql("""
					UPDATE %1$s r SET starts = r.starts + d.starts, impressions = r.impressions + d.impressions,
					    first_quartiles = r.first_quartiles + d.first_quartiles, midpoints = r.midpoints + d.midpoints,
					    third_quartiles = r.third_quartiles + d.third_quartiles, completes = r.completes + d.completes,
					    skips = r.skips + d.skips, clicks = r.clicks + d.clicks, ad_played_ms = r.ad_played_ms + d.ad_played_ms,
					    givt_excluded_impressions = r.givt_excluded_impressions + d.givt_excluded_impressions,
					    measurable_impressions = r.measurable_impressions + d.measurable_impressions,
					    viewable_impressions = r.viewable_impressions + d.viewable_impressions,
					    viewers = d.viewers
					FROM unnest(:ids, :hours, :countries, :devices, :starts, :impressions, :q1, :q2, :q3, :completes,
					            :skips, :clicks, :played, :givt, :measurable, :viewable, :viewers)
					  AS d (id, hour, country, device_type, starts, impressions, first_quartiles, midpoints,
					        third_quartiles, completes, skips, clicks, ad_played_ms, givt_excluded_impressions,
					        measurable_impressions, viewable_impressions, viewers)
					WHERE r.%2$s = d.id AND r.hour = d.hour AND r.country = d.country AND r.device_type = d.device_type
					"""
				.formatted(level.table, level.column))
			.paramSource(rowValues(level, existing, stored))
			.update();
	}

	/** The rows' keys, counter differences and new sketches, as array parameters. */
	private MapSqlParameterSource rowValues(Level level, Map<Key, Change> changes, Map<Key, byte[]> stored) {
		Collection<Key> keys = changes.keySet();
		Collection<Change> values = changes.values();
		byte[][] sketches = changes.entrySet()
			.stream()
			.map((entry) -> sketch(level, entry.getKey(), entry.getValue(),
					stored.getOrDefault(entry.getKey(), NO_VIEWERS)))
			.toArray(byte[][]::new);
		return new MapSqlParameterSource().addValue("ids", SqlArrays.of("varchar", keys, Key::id))
			.addValue("hours", SqlArrays.of("timestamptz", keys, (key) -> key.hour().toString()))
			.addValue("countries", SqlArrays.of("varchar", keys, Key::country))
			.addValue("devices", SqlArrays.of("varchar", keys, Key::deviceType))
			.addValue("starts", SqlArrays.of("int8", values, (change) -> change.counts.starts()))
			.addValue("impressions", SqlArrays.of("int8", values, (change) -> change.counts.impressions()))
			.addValue("q1", SqlArrays.of("int8", values, (change) -> change.counts.firstQuartiles()))
			.addValue("q2", SqlArrays.of("int8", values, (change) -> change.counts.midpoints()))
			.addValue("q3", SqlArrays.of("int8", values, (change) -> change.counts.thirdQuartiles()))
			.addValue("completes", SqlArrays.of("int8", values, (change) -> change.counts.completes()))
			.addValue("skips", SqlArrays.of("int8", values, (change) -> change.counts.skips()))
			.addValue("clicks", SqlArrays.of("int8", values, (change) -> change.counts.clicks()))
			.addValue("played", SqlArrays.of("int8", values, (change) -> change.counts.adPlayedMs()))
			.addValue("givt", SqlArrays.of("int8", values, (change) -> change.counts.givtExcludedImpressions()))
			.addValue("measurable", SqlArrays.of("int8", values, (change) -> change.counts.measurableImpressions()))
			.addValue("viewable", SqlArrays.of("int8", values, (change) -> change.counts.viewableImpressions()))
			.addValue("viewers", new SqlArrayValue("bytea", (Object[]) sketches));
	}

	/**
	 * The row's sketch after the change: rebuilt from the facts when viewers were taken
	 * out, else the stored one with the added viewers.
	 */
	private byte[] sketch(Level level, Key key, Change change, byte[] stored) {
		if (!change.removed.isEmpty()) {
			return ViewerSketch.of(viewersWithImpression(level, key));
		}
		return change.added.isEmpty() ? stored : ViewerSketch.add(stored, change.added);
	}

	/**
	 * The users with an impression of a valid session in a rollup row, from the facts
	 * (already changed).
	 */
	private List<String> viewersWithImpression(Level level, Key key) {
		// a campaign's facts are found through the index of its ads
		String ads = (level == Level.AD) ? "ad_id = :id" : "ad_id IN (SELECT ad_id FROM ads WHERE campaign_id = :id)";
		return this.jdbc.sql("""
				SELECT DISTINCT user_id FROM ad_playback_facts
				WHERE %s AND %s = :id AND started_at >= :hour AND started_at < :end AND country = :country
				  AND device_type = :device AND max_continuous_ms >= :impression AND invalid_traffic IS NULL
				""".formatted(ads, level.column))
			.param("id", key.id())
			.param("hour", Timestamp.from(key.hour()))
			.param("end", Timestamp.from(key.hour().plus(1, ChronoUnit.HOURS)))
			.param("country", key.country())
			.param("device", key.deviceType())
			.param("impression", AdCounts.IMPRESSION_MS)
			.query(String.class)
			.list();
	}

	/** What changes in one rollup row. */
	static final class Change {

		AdCounts counts = AdCounts.ZERO;

		final Set<String> added = new HashSet<>();

		final Set<String> removed = new HashSet<>();

		void apply(Placed fact, int sign) {
			AdCounts one = AdCounts.of(fact.ad(), fact.invalid());
			this.counts = this.counts.plus((sign > 0) ? one : one.negated());
			if (AdCounts.isImpression(fact.ad()) && !fact.invalid()) {
				((sign > 0) ? this.added : this.removed).add(fact.userId());
			}
		}

		/**
		 * A viewer both taken out and put back (a fact that did not change) changes no
		 * sketch.
		 */
		void cancelOut() {
			if (this.added.isEmpty() || this.removed.isEmpty()) {
				return;
			}
			Set<String> both = new HashSet<>(this.added);
			both.retainAll(this.removed);
			this.added.removeAll(both);
			this.removed.removeAll(both);
		}

		boolean isEmpty() {
			return this.counts.isZero() && this.added.isEmpty() && this.removed.isEmpty();
		}

	}

	/** A rollup row's key (the ad or campaign id), in the order rows are locked. */
	record Key(String id, Instant hour, String country, String deviceType) implements Comparable<Key> {

		@Override
		public int compareTo(Key other) {
			int order = this.id.compareTo(other.id);
			if (order == 0) {
				order = this.hour.compareTo(other.hour);
			}
			if (order == 0) {
				order = this.country.compareTo(other.country);
			}
			return (order != 0) ? order : this.deviceType.compareTo(other.deviceType);
		}

	}

}
