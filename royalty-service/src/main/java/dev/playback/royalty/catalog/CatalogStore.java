package dev.playback.royalty.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The catalog tables, written by natural key. */
@Repository
class CatalogStore {

	private final JdbcClient jdbc;

	private final JdbcTemplate batches;

	CatalogStore(JdbcClient jdbc, JdbcTemplate batches) {
		this.jdbc = jdbc;
		this.batches = batches;
	}

	void upsertHolder(String holderId, String name) {
		this.jdbc.sql("""
				INSERT INTO license_holders (holder_id, name, updated_at) VALUES (:id, :name, CURRENT_TIMESTAMP)
				ON CONFLICT (holder_id) DO UPDATE SET name = EXCLUDED.name, updated_at = EXCLUDED.updated_at
				""").param("id", holderId).param("name", name).update();
	}

	/** Whether the holder exists (and the video was written). */
	boolean upsertVideo(String videoId, String holderId, String title, Long durationMs) {
		try {
			this.jdbc.sql("""
					INSERT INTO videos (video_id, holder_id, title, duration_ms, updated_at)
					VALUES (:videoId, :holderId, :title, :durationMs, CURRENT_TIMESTAMP)
					ON CONFLICT (video_id) DO UPDATE SET holder_id = EXCLUDED.holder_id, title = EXCLUDED.title,
					    duration_ms = EXCLUDED.duration_ms, updated_at = EXCLUDED.updated_at
					""")
				.param("videoId", videoId)
				.param("holderId", holderId)
				.param("title", title)
				.param("durationMs", durationMs)
				.update();
			return true;
		}
		catch (DataIntegrityViolationException ex) {
			return false;
		}
	}

	/**
	 * A video to write.
	 *
	 * @param videoId the video
	 * @param holderId its license holder
	 * @param title its title
	 * @param durationMs its length, or {@code null}
	 */
	record Video(String videoId, String holderId, String title, Long durationMs) {
	}

	/**
	 * A license holder at a glance.
	 *
	 * @param licenseHolderId its id
	 * @param name its display name
	 * @param videos how many videos it has
	 * @param currency the currency of its latest rate card, or {@code null} without one
	 */
	record HolderSummary(String licenseHolderId, String name, long videos, String currency) {
	}

	List<HolderSummary> holders() {
		return this.jdbc.sql("""
				SELECT h.holder_id, h.name,
				       (SELECT COUNT(*) FROM videos v WHERE v.holder_id = h.holder_id),
				       (SELECT r.currency FROM rate_cards r WHERE r.holder_id = h.holder_id
				        ORDER BY r.effective_from DESC LIMIT 1)
				FROM license_holders h ORDER BY h.holder_id
				""")
			.query((rs, row) -> new HolderSummary(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)))
			.list();
	}

	Set<String> holderIds() {
		return new HashSet<>(this.jdbc.sql("SELECT holder_id FROM license_holders").query(String.class).list());
	}

	/** All of them in one transaction, in batches. */
	@Transactional
	void upsertVideos(List<Video> videos) {
		this.batches.batchUpdate("""
				INSERT INTO videos (video_id, holder_id, title, duration_ms, updated_at)
				VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)
				ON CONFLICT (video_id) DO UPDATE SET holder_id = EXCLUDED.holder_id, title = EXCLUDED.title,
				    duration_ms = EXCLUDED.duration_ms, updated_at = EXCLUDED.updated_at
				""", videos, 1_000, (statement, video) -> {
			statement.setString(1, video.videoId());
			statement.setString(2, video.holderId());
			statement.setString(3, video.title());
			statement.setObject(4, video.durationMs(), java.sql.Types.BIGINT);
		});
	}

	/** Whether the holder exists (and the card was written). */
	boolean upsertRateCard(String holderId, LocalDate effectiveFrom, Currency currency, BigDecimal ratePerHour) {
		try {
			this.jdbc.sql("""
					INSERT INTO rate_cards (holder_id, effective_from, currency, rate_per_hour)
					VALUES (:holderId, :from, :currency, :rate)
					ON CONFLICT (holder_id, effective_from) DO UPDATE SET currency = EXCLUDED.currency,
					    rate_per_hour = EXCLUDED.rate_per_hour
					""")
				.param("holderId", holderId)
				.param("from", effectiveFrom)
				.param("currency", currency.getCurrencyCode())
				.param("rate", ratePerHour)
				.update();
			return true;
		}
		catch (DataIntegrityViolationException ex) {
			return false;
		}
	}

}
