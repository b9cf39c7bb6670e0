package dev.playback.royalty.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.playback.reports.sql.SqlArrays;
import dev.playback.royalty.late.LateMonths;

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

	private final LateMonths lateMonths;

	CatalogStore(JdbcClient jdbc, JdbcTemplate batches, LateMonths lateMonths) {
		this.jdbc = jdbc;
		this.lateMonths = lateMonths;
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
		Map<String, String> before = holders(List.of(videoId));
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
			moved(before, List.of(Map.entry(videoId, holderId)));
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
		Map<String, String> before = holders(videos.stream().map(Video::videoId).toList());
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
		moved(before, videos.stream().map((video) -> Map.entry(video.videoId(), video.holderId())).toList());
	}

	/** The holders the videos have now; none for a video not in the catalog. */
	private Map<String, String> holders(List<String> videoIds) {
		Map<String, String> holders = new HashMap<>();
		this.jdbc.sql("SELECT video_id, holder_id FROM videos WHERE video_id = ANY(:ids)")
			.param("ids", SqlArrays.of("varchar", videoIds, (id) -> id))
			.query((rs, row) -> holders.put(rs.getString(1), rs.getString(2)))
			.list();
		return holders;
	}

	/**
	 * A video new to a holder, or gone from one, changes the holder's past statements
	 * where it has usage: those months are marked late for both holders.
	 */
	private void moved(Map<String, String> before, List<Map.Entry<String, String>> after) {
		List<String> videos = new ArrayList<>();
		List<String> holders = new ArrayList<>();
		for (Map.Entry<String, String> video : after) {
			String was = before.get(video.getKey());
			if (!video.getValue().equals(was)) {
				videos.add(video.getKey());
				holders.add(video.getValue());
				if (was != null) {
					videos.add(video.getKey());
					holders.add(was);
				}
			}
		}
		this.lateMonths.videosMoved(videos, holders);
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
			this.lateMonths.ratesChanged(holderId, YearMonth.from(effectiveFrom));
			return true;
		}
		catch (DataIntegrityViolationException ex) {
			return false;
		}
	}

}
