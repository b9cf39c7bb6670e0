package dev.playback.admetrics.report;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import dev.playback.admetrics.access.AdCaller;
import dev.playback.admetrics.sessions.AdCounts;
import dev.playback.reports.catalog.IdRule;
import dev.playback.reports.csv.CsvExport;
import dev.playback.schemas.AdPlayback;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.apache.commons.csv.CSVPrinter;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code GET /v1/advertisers/{id}/campaigns/{campaignId}/ad-playbacks?day=}: one
 * campaign's ad playbacks that started on a UTC day, as CSV, for reconciliation with the
 * advertiser's ad server: a row per ad playback with its VAST AdServingId, its ad, its
 * hour, whether it made an impression, was measurable and viewable, the quartiles it
 * reached, completed, skipped, clicked, and why its session is invalid traffic (empty
 * when valid). No user id. Counted the way the impression report counts (the rows with an
 * impression and no invalid-traffic reason are the report's impressions for that day,
 * those with one its {@code givtExcludedImpressions}); attributed like it, to the
 * campaign the catalog gives each ad now. Streamed from the database, so a day of any
 * size fits.
 */
@RestController
class ReconciliationController {

	static final List<String> HEADER = List.of("adServingId", "adId", "hour", "impression", "measurable", "viewable",
			"firstQuartile", "midpoint", "thirdQuartile", "complete", "skip", "click", "invalidTraffic");

	/** Rows fetched from the database at a time. */
	private static final int FETCH_SIZE = 1_000;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate readOnly;

	private final AdCaller caller;

	ReconciliationController(JdbcTemplate jdbc, PlatformTransactionManager transactions, AdCaller caller) {
		this.jdbc = jdbc;
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
		this.caller = caller;
	}

	@Operation(summary = "One campaign's ad playbacks of a day, for reconciliation",
			description = "CSV, a row per ad playback that started on the UTC day: " + "adServingId, adId, hour, "
					+ "impression, measurable, viewable, firstQuartile, midpoint, thirdQuartile, complete, skip, click, "
					+ "invalidTraffic (empty when valid). No user id.")
	@ApiResponse(responseCode = "200", description = "The ad playbacks", content = @Content(mediaType = "text/csv"))
	@ApiResponse(responseCode = "404", description = "No such advertiser for this key, or no such campaign of it",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping(path = "/v1/advertisers/{advertiserId}/campaigns/{campaignId}/ad-playbacks", produces = "text/csv")
	ResponseEntity<StreamingResponseBody> adPlaybacks(
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@PathVariable String advertiserId, @PathVariable String campaignId,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate day) {
		this.caller.requireTenantOrOperator(auth, advertiserId);
		IdRule.check("campaignId", campaignId);
		Integer owned = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM campaigns WHERE campaign_id = ? AND advertiser_id = ?", Integer.class, campaignId,
				advertiserId);
		if (owned == null || owned == 0) {
			ErrorResponseException missing = new ErrorResponseException(HttpStatus.NOT_FOUND);
			missing.getBody().setTitle("No such campaign");
			missing.getBody().setDetail("Advertiser " + advertiserId + " has no campaign " + campaignId);
			throw missing;
		}
		Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
		StreamingResponseBody body = (out) -> {
			Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			CSVPrinter csv = CsvExport.streaming(writer, HEADER);
			// PostgreSQL streams rows only inside a transaction with a fetch size
			this.readOnly.executeWithoutResult((status) -> this.jdbc.query((connection) -> {
				var statement = connection.prepareStatement("""
						SELECT f.ad_serving_id, f.ad_id, f.started_at, f.duration_ms, f.max_continuous_ms,
						       f.max_position_ms, f.completed, f.skipped, f.clicked, f.measurable, f.viewable,
						       f.invalid_traffic, f.ad_playback_id
						FROM ad_playback_facts f JOIN ads a ON a.ad_id = f.ad_id
						WHERE a.campaign_id = ? AND f.started_at >= ? AND f.started_at < ?
						ORDER BY f.started_at, f.ad_id, f.ad_playback_id
						""");
				statement.setFetchSize(FETCH_SIZE);
				statement.setString(1, campaignId);
				statement.setTimestamp(2, Timestamp.from(from));
				statement.setTimestamp(3, Timestamp.from(from.plus(1, ChronoUnit.DAYS)));
				return statement;
			}, (rs) -> {
				Instant started = rs.getTimestamp(3).toInstant();
				AdPlayback ad = new AdPlayback(rs.getString(13), rs.getString(2), rs.getLong(4), started, 0L,
						rs.getLong(5), rs.getLong(6), rs.getBoolean(7), rs.getBoolean(8), rs.getBoolean(9),
						rs.getBoolean(10), rs.getBoolean(11), rs.getString(1));
				// the flags of a valid playback: its own, whatever its session
				AdCounts counts = AdCounts.of(ad, false);
				try {
					csv.printRecord(ad.getAdServingId(), ad.getAdId(), started.truncatedTo(ChronoUnit.HOURS),
							counts.impressions() == 1, ad.getMeasurable(), ad.getViewable(),
							counts.firstQuartiles() == 1, counts.midpoints() == 1, counts.thirdQuartiles() == 1,
							ad.getCompleted(), ad.getSkipped(), ad.getClicked(), rs.getString(12));
				}
				catch (java.io.IOException ex) {
					throw new java.io.UncheckedIOException(ex);
				}
			}));
			csv.flush();
		};
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					"attachment; filename=\"" + campaignId + "-" + day + "-ad-playbacks.csv\"")
			.body(body);
	}

}
