package dev.playback.royalty.statement;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import dev.playback.royalty.RoyaltyProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Closes statements on their own: every month with usage that ended more than
 * {@code finalize-after-days} ago becomes FINAL, oldest first, for every holder with a
 * rate card. Closing is idempotent, so several instances may run this at once.
 */
@Component
class MonthCloser {

	private static final Logger log = LoggerFactory.getLogger(MonthCloser.class);

	private final JdbcClient jdbc;

	private final StatementService statements;

	private final Clock clock;

	private final int afterDays;

	MonthCloser(JdbcClient jdbc, StatementService statements, Clock clock, RoyaltyProperties properties) {
		this.jdbc = jdbc;
		this.statements = statements;
		this.clock = clock;
		this.afterDays = properties.finalizeAfterDays();
	}

	@Scheduled(fixedDelayString = "${playback.royalty.finalize-check-interval:1h}",
			initialDelayString = "${playback.royalty.finalize-check-interval:1h}")
	void closeDueMonths() {
		closeDueMonths(LocalDate.now(this.clock));
	}

	/** Closes what is due on {@code today}; how many statements it closed. */
	int closeDueMonths(LocalDate today) {
		// a month is due once more than afterDays days have passed since its last day
		YearMonth lastDue = YearMonth.from(today.minusDays(this.afterDays)).minusMonths(1);
		int closed = 0;
		List<String> holders = this.jdbc
			.sql("SELECT holder_id FROM license_holders h WHERE EXISTS (SELECT 1 FROM rate_cards r "
					+ "WHERE r.holder_id = h.holder_id) ORDER BY holder_id")
			.query(String.class)
			.list();
		for (String holder : holders) {
			LocalDate first = this.jdbc.sql("""
					SELECT MIN(u.day) FROM video_daily_usage u JOIN videos v ON v.video_id = u.video_id
					WHERE v.holder_id = :id
					""").param("id", holder).query(LocalDate.class).optional().orElse(null);
			if (first == null) {
				continue;
			}
			var finals = this.statements.finalMonths(holder);
			for (YearMonth month = YearMonth.from(first); !month.isAfter(lastDue); month = month.plusMonths(1)) {
				if (!finals.contains(month)) {
					try {
						this.statements.finalizeMonth(holder, month);
					}
					catch (ConcurrencyFailureException ex) {
						// data for a month it settles arrived while it closed: next round
						log.info("The {} statement of {} changed while closing; closing it next round", month, holder);
						break;
					}
					closed++;
					log.info("Closed the {} statement of {}", month, holder);
				}
			}
		}
		return closed;
	}

}
