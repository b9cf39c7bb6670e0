package dev.playback.royalty.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The catalog tables, written by natural key. */
@Repository
class CatalogStore {

	private final JdbcClient jdbc;

	CatalogStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void upsertHolder(String holderId, String name) {
		this.jdbc.sql("""
				INSERT INTO license_holders (holder_id, name, updated_at) VALUES (:id, :name, CURRENT_TIMESTAMP)
				ON CONFLICT (holder_id) DO UPDATE SET name = EXCLUDED.name, updated_at = EXCLUDED.updated_at
				""").param("id", holderId).param("name", name).update();
	}

	boolean setKeyHash(String holderId, String hash) {
		return this.jdbc
			.sql("UPDATE license_holders SET api_key_hash = :hash, updated_at = CURRENT_TIMESTAMP "
					+ "WHERE holder_id = :id")
			.param("hash", hash)
			.param("id", holderId)
			.update() == 1;
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
