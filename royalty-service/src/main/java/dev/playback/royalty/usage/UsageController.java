package dev.playback.royalty.usage;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

import dev.playback.royalty.access.Caller;
import dev.playback.royalty.statement.StatementArithmetic;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/license-holders/{id}/usage?from=&to=}: played time per video and UTC day
 * of the holder's videos, both dates included, at most 366 days. Same keys as statements.
 */
@RestController
class UsageController {

	static final int MAX_DAYS = 366;

	private final JdbcClient jdbc;

	private final Caller caller;

	UsageController(JdbcClient jdbc, Caller caller) {
		this.jdbc = jdbc;
		this.caller = caller;
	}

	/**
	 * One video on one day.
	 *
	 * @param day the UTC day
	 * @param videoId the video
	 * @param playedMs credited play of valid sessions
	 * @param hoursStreamed playedMs in hours, 6 decimals
	 * @param invalidPlayedMs credited play of sessions of general invalid traffic,
	 * counted apart
	 */
	record UsageRow(LocalDate day, String videoId, long playedMs, String hoursStreamed, long invalidPlayedMs) {
	}

	/**
	 * The rows of a range.
	 *
	 * @param licenseHolderId the holder
	 * @param from first day
	 * @param to last day
	 * @param rows by day, then video
	 */
	record Usage(String licenseHolderId, LocalDate from, LocalDate to, List<UsageRow> rows) {
	}

	@GetMapping("/v1/license-holders/{holderId}/usage")
	Usage usage(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@PathVariable String holderId, @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
		this.caller.requireTenantOrOperator(auth, holderId);
		if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
			ErrorResponseException bad = new ErrorResponseException(HttpStatus.BAD_REQUEST);
			bad.getBody().setTitle("Bad range");
			bad.getBody().setDetail("from must not be after to, and the range at most " + MAX_DAYS + " days");
			throw bad;
		}
		List<UsageRow> rows = this.jdbc.sql("""
				SELECT u.day, u.video_id, u.played_ms, u.invalid_played_ms FROM video_daily_usage u
				JOIN videos v ON v.video_id = u.video_id
				WHERE v.holder_id = :id AND u.day >= :from AND u.day <= :to
				  AND (u.played_ms <> 0 OR u.invalid_played_ms <> 0)
				ORDER BY u.day, u.video_id
				""")
			.param("id", holderId)
			.param("from", from)
			.param("to", to)
			.query((rs, row) -> new UsageRow(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getLong(3),
					StatementArithmetic.hours(rs.getLong(3)).toPlainString(), rs.getLong(4)))
			.list();
		return new Usage(holderId, from, to, rows);
	}

}
