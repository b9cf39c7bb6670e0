package dev.playback.portal.suite;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The services' answers as the portal reads them (fields it does not know are ignored, so
 * a service may add some).
 */
public final class Api {

	private Api() {
	}

	/**
	 * Whose key it is ({@code GET /v1/me}).
	 *
	 * @param kind operator, license-holder or advertiser
	 * @param licenseHolderId the holder's id, for a holder's key
	 * @param advertiserId the advertiser's id, for an advertiser's key
	 * @param name the tenant's name
	 */
	public record Me(String kind, String licenseHolderId, String advertiserId, String name) {
	}

	public record Statement(String licenseHolderId, String month, String status, String currency, List<Line> lines,
			List<Adjustment> adjustments, String total, String digest) {
	}

	public record Line(String videoId, String title, String hoursStreamed, long qualifyingViews, long uniqueViewers,
			String amount, String invalidTrafficHours) {
	}

	public record Adjustment(String videoId, String title, String forMonth, String hoursStreamed, long qualifyingViews,
			long uniqueViewers, String amount, String invalidTrafficHours) {
	}

	public record Usage(String licenseHolderId, LocalDate from, LocalDate to, List<UsageRow> rows) {
	}

	public record UsageRow(LocalDate day, String videoId, long playedMs, String hoursStreamed, Long invalidPlayedMs) {
	}

	public record HolderSummary(String licenseHolderId, String name, long videos, String currency) {
	}

	public record AdvertiserSummary(String advertiserId, String name, long campaigns, long ads) {
	}

	public record Campaign(String campaignId, String name, List<Ad> ads) {
	}

	public record Ad(String adId, long durationMs) {
	}

	public record Report(String advertiserId, LocalDate from, LocalDate to, String granularity, String groupBy,
			List<ReportRow> rows) {
	}

	/** A report row, with the viewability and invalid-traffic columns. */
	public record ReportRow(Instant bucket, String group, long impressions, long starts, long firstQuartiles,
			long midpoints, long thirdQuartiles, long completes, long skips, long clicks, BigDecimal completionRate,
			long adPlayedMs, long uniqueViewers, BigDecimal frequency, Long measurableImpressions,
			Long viewableImpressions, BigDecimal viewableRate, Long givtExcludedImpressions) {
	}

	/**
	 * A service's health as its actuator says.
	 *
	 * @param service the service
	 * @param status UP, DOWN, ..., or UNREACHABLE when it did not answer
	 */
	public record Health(Service service, String status) {
	}

}
