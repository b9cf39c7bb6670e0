package dev.playback.admetrics.report;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import dev.playback.admetrics.access.AdCaller;
import dev.playback.admetrics.report.ImpressionReportService.Granularity;
import dev.playback.admetrics.report.ImpressionReportService.GroupBy;
import dev.playback.admetrics.report.ImpressionReportService.Row;
import dev.playback.reports.catalog.IdRule;
import dev.playback.reports.csv.CsvExport;
import dev.playback.reports.web.ProblemResponse;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/advertisers/{id}/reports/impressions?from=&to=&granularity=&groupBy=}:
 * the advertiser's ad metrics per UTC hour or day (or {@code total}: the whole range as
 * one bucket, viewers merged over it), grouped by campaign, ad, country or device type;
 * {@code from} and {@code to} are UTC days, both included, at most {@value #MAX_DAYS}
 * days. Optional filters narrow the rows before grouping: {@code campaignId=},
 * {@code adId=}, {@code country=} and {@code deviceType=} (the last two repeatable).
 * JSON, or CSV with {@code Accept: text/csv}. An advertiser's key sees its own reports
 * only (another advertiser's id answers 404).
 */
@RestController
class ImpressionReportController {

	static final int MAX_DAYS = 90;

	private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

	private static final Pattern DEVICE_TYPE = Pattern.compile("WEB|IOS|ANDROID|TV|OTHER");

	private final ImpressionReportService reports;

	private final AdCaller caller;

	ImpressionReportController(ImpressionReportService reports, AdCaller caller) {
		this.reports = reports;
		this.caller = caller;
	}

	/**
	 * A report.
	 *
	 * @param advertiserId the advertiser
	 * @param from first UTC day
	 * @param to last UTC day
	 * @param granularity hour, day or total
	 * @param groupBy campaign, ad, country or deviceType
	 * @param rows by bucket, then group
	 */
	record Report(String advertiserId, LocalDate from, LocalDate to, String granularity, String groupBy,
			List<Row> rows) {
	}

	@Operation(summary = "An advertiser's impression report",
			description = "Rows per UTC bucket and group; JSON, or CSV with Accept: text/csv.")
	@ApiResponse(responseCode = "200", description = "The report",
			content = { @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = Report.class)), @Content(mediaType = "text/csv") })
	@ApiResponse(responseCode = "404", description = "No such advertiser for this key",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping(path = "/v1/advertisers/{advertiserId}/reports/impressions",
			produces = { MediaType.APPLICATION_JSON_VALUE, "text/csv" })
	ResponseEntity<?> impressions(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
			@PathVariable String advertiserId,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
			@RequestParam(defaultValue = "day") String granularity,
			@RequestParam(defaultValue = "campaign") String groupBy, @RequestParam(required = false) String campaignId,
			@RequestParam(required = false) String adId,
			@RequestParam(name = "country", required = false) List<String> countries,
			@RequestParam(name = "deviceType", required = false) List<String> deviceTypes) {
		this.caller.requireTenantOrOperator(auth, advertiserId);
		if (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
			throw ProblemResponse.badRequest("from and to are days with from <= to, at most " + MAX_DAYS + " days");
		}
		Granularity bucket = switch (granularity) {
			case "hour" -> Granularity.HOUR;
			case "day" -> Granularity.DAY;
			case "total" -> Granularity.TOTAL;
			default -> throw ProblemResponse.badRequest("granularity is hour, day or total");
		};
		GroupBy group = switch (groupBy) {
			case "campaign" -> GroupBy.CAMPAIGN;
			case "ad" -> GroupBy.AD;
			case "country" -> GroupBy.COUNTRY;
			case "deviceType" -> GroupBy.DEVICE_TYPE;
			default -> throw ProblemResponse.badRequest("groupBy is campaign, ad, country or deviceType");
		};
		ImpressionReportService.Filter filter = new ImpressionReportService.Filter(
				(campaignId != null) ? IdRule.check("campaignId", campaignId) : null,
				(adId != null) ? IdRule.check("adId", adId) : null, checked("country", countries, COUNTRY),
				checked("deviceType", deviceTypes, DEVICE_TYPE));
		List<Row> rows = this.reports.report(advertiserId, from.atStartOfDay(ZoneOffset.UTC).toInstant(),
				to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), bucket, group, filter);
		if (accept != null && accept.contains("text/csv")) {
			return ResponseEntity.ok()
				.contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
				.body(csv(groupBy, rows));
		}
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.body(new Report(advertiserId, from, to, granularity, groupBy, rows));
	}

	private static List<String> checked(String name, List<String> values, Pattern rule) {
		if (values == null) {
			return List.of();
		}
		for (String value : values) {
			if (!rule.matcher(value).matches()) {
				throw ProblemResponse.badRequest(name + " must match " + rule.pattern());
			}
		}
		return values;
	}

	/**
	 * A header row, then a row per bucket and group; an unknown country or device type is
	 * an empty field.
	 */
	static String csv(String groupBy, List<Row> rows) {
		List<List<?>> values = new ArrayList<>(rows.size());
		for (Row row : rows) {
			values.add(Arrays.asList(row.bucket(), row.group(), row.impressions(), row.starts(), row.firstQuartiles(),
					row.midpoints(), row.thirdQuartiles(), row.completes(), row.skips(), row.clicks(),
					row.completionRate(), row.adPlayedMs(), row.uniqueViewers(), row.frequency(),
					row.givtExcludedImpressions(), row.measurableImpressions(), row.viewableImpressions(),
					row.viewableRate()));
		}
		return CsvExport.of(
				List.of("bucket", groupBy, "impressions", "starts", "firstQuartiles", "midpoints", "thirdQuartiles",
						"completes", "skips", "clicks", "completionRate", "adPlayedMs", "uniqueViewers", "frequency",
						"givtExcludedImpressions", "measurableImpressions", "viewableImpressions", "viewableRate"),
				values);
	}

}
