package dev.playback.royalty.retention;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import dev.playback.royalty.RoyaltyProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * How long sessions and evidence are kept (docs/contract.md section 3, "Retention"):
 * whole months, back from the current one ({@code playback.royalty.retention}, three
 * years by default). What starts before the horizon is deleted a video (or a holder) at a
 * time, by index ranges, and a revision of a session started before it is no longer
 * applied: a replayed topic never adds a deleted session's play back to the rollup.
 * Statements, their lines and the rollup per video and day are kept for ever; a month
 * closes as FINAL, its evidence frozen with it, weeks after it ends, long before the
 * horizon reaches it.
 */
@Component
public class Retention {

	private static final Logger log = LoggerFactory.getLogger(Retention.class);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Period keep;

	Retention(JdbcClient jdbc, Clock clock, RoyaltyProperties properties) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.keep = properties.retention();
	}

	/**
	 * The first month kept, as of now; empty when everything is kept.
	 */
	public Optional<YearMonth> firstMonthKept() {
		if (this.keep.isZero() || this.keep.isNegative()) {
			return Optional.empty();
		}
		return Optional.of(YearMonth.from(LocalDate.now(this.clock).minus(this.keep)));
	}

	/**
	 * Whether a session started at {@code startedAt} is within the retention.
	 */
	public boolean keeps(Instant startedAt) {
		return firstMonthKept()
			.map((first) -> !startedAt.isBefore(first.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant()))
			.orElse(true);
	}

	@Scheduled(fixedDelayString = "${playback.royalty.retention-check-interval:6h}", initialDelay = 60_000)
	void deleteExpired() {
		firstMonthKept().ifPresent(this::deleteBefore);
	}

	/**
	 * Deletes the sessions started before {@code firstKept}, their per-day rows, and the
	 * evidence frozen with statements of months before it.
	 * @return how many rows were deleted
	 */
	public long deleteBefore(YearMonth firstKept) {
		Instant horizon = firstKept.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
		long deleted = 0;
		for (String holder : this.jdbc.sql("SELECT holder_id FROM license_holders ORDER BY holder_id")
			.query(String.class)
			.list()) {
			deleted += this.jdbc.sql("DELETE FROM statement_evidence WHERE holder_id = :holder AND month < :month")
				.param("holder", holder)
				.param("month", firstKept.toString())
				.update();
		}
		for (String video : videosWithSessions()) {
			deleted += this.jdbc.sql("DELETE FROM session_daily_usage WHERE video_id = :video AND month < :month")
				.param("video", video)
				.param("month", firstKept.atDay(1))
				.update();
			deleted += this.jdbc.sql("DELETE FROM session_usage WHERE video_id = :video AND started_at < :horizon")
				.param("video", video)
				.param("horizon", Timestamp.from(horizon))
				.update();
		}
		if (deleted > 0) {
			log.info("Deleted {} rows of sessions and evidence from before {} (retention {})", deleted, firstKept,
					this.keep);
		}
		return deleted;
	}

	/**
	 * Every video with a session or a per-day row, by walks over two indexes, one probe
	 * per video.
	 */
	private Set<String> videosWithSessions() {
		Set<String> videos = new TreeSet<>();
		for (String table : List.of("session_usage", "session_daily_usage")) {
			videos.addAll(this.jdbc.sql("""
					WITH RECURSIVE v (video_id) AS (
					    SELECT MIN(video_id) FROM %1$s
					    UNION ALL
					    SELECT (SELECT MIN(s.video_id) FROM %1$s s WHERE s.video_id > v.video_id)
					    FROM v WHERE v.video_id IS NOT NULL
					)
					SELECT video_id FROM v WHERE video_id IS NOT NULL
					""".formatted(table)).query(String.class).list());
		}
		return videos;
	}

}
