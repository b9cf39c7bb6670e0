package dev.playback.portal.campaigns;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import dev.playback.portal.signin.PortalUser;
import dev.playback.portal.suite.Api.Ad;
import dev.playback.portal.suite.Api.AdvertiserSummary;
import dev.playback.portal.suite.Api.Campaign;
import dev.playback.portal.suite.Api.Report;
import dev.playback.portal.suite.Service;
import dev.playback.portal.suite.SuiteClient;
import dev.playback.portal.suite.SuiteClient.ReportQuery;
import dev.playback.portal.suite.SuiteException;
import dev.playback.portal.web.BadQueryException;
import dev.playback.portal.web.Charts;
import dev.playback.portal.web.IdCheck;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * An advertiser's campaigns: pick a campaign and an ad (or all), a range of up to 90 days
 * and hours or days; impressions over time, the quartile funnel, breakdowns by country
 * and device type, reach and frequency, and a CSV download. An advertiser sees its own;
 * the operator picks any.
 */
@Controller
class CampaignsController {

	static final int MAX_DAYS = 90;

	private final SuiteClient suite;

	private final Charts charts;

	private final Clock clock;

	CampaignsController(SuiteClient suite, Charts charts, Clock clock) {
		this.suite = suite;
		this.charts = charts;
		this.clock = clock;
	}

	/**
	 * What the page was asked for, checked against the advertiser's catalog.
	 *
	 * @param advertiserId whose campaigns
	 * @param campaigns its campaigns
	 * @param query the report's range, granularity and filters
	 */
	record Selection(String advertiserId, List<Campaign> campaigns, ReportQuery query) {
	}

	@GetMapping("/campaigns")
	String page(@AuthenticationPrincipal PortalUser user, @RequestParam(required = false) String advertiser,
			@RequestParam(required = false) String campaign, @RequestParam(required = false) String ad,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(defaultValue = "day") String granularity, Model model) {
		if (user.kind() == PortalUser.Kind.LICENSE_HOLDER) {
			throw new SuiteException.NotFound(Service.AD_METRICS, "No such page");
		}
		List<AdvertiserSummary> advertisers = user.isOperator() ? this.suite.advertisers(user.key()) : List.of();
		model.addAttribute("advertisers", advertisers);
		Selection selection = select(user, advertiser, campaign, ad, from, to, granularity, advertisers);
		model.addAttribute("selection", selection);
		if (selection.advertiserId() == null) {
			return "campaigns";
		}
		ReportQuery query = selection.query();
		boolean byAd = query.adId() != null;
		Report timeline = this.suite.report(user.key(), selection.advertiserId(), query);
		Report totals = this.suite.report(user.key(), selection.advertiserId(),
				query.with("total", byAd ? "ad" : "campaign"));
		Report byCountry = this.suite.report(user.key(), selection.advertiserId(), query.with("total", "country"));
		Report byDevice = this.suite.report(user.key(), selection.advertiserId(), query.with("total", "deviceType"));
		CampaignFigures.Funnel funnel = CampaignFigures.Funnel.of(totals.rows());
		model.addAttribute("advertiserName", advertiserName(user, selection.advertiserId(), advertisers));
		model.addAttribute("funnel", funnel);
		model.addAttribute("reach", totals.rows());
		model.addAttribute("byCountry", byCountry.rows());
		model.addAttribute("byDevice", byDevice.rows());
		model.addAttribute("empty", funnel.starts() == 0);
		boolean hourly = "hour".equals(query.granularity());
		model.addAttribute("timelineChart", this.charts
			.json(CampaignFigures.Timeline.of(timeline.rows(), query.from(), query.to(), hourly).chart(hourly)));
		model.addAttribute("funnelChart", this.charts.json(funnel.chart()));
		model.addAttribute("countryChart", this.charts.json(CampaignFigures.breakdownChart(byCountry.rows())));
		model.addAttribute("deviceChart", this.charts.json(CampaignFigures.breakdownChart(byDevice.rows())));
		return "campaigns";
	}

	@GetMapping("/campaigns/report.csv")
	ResponseEntity<byte[]> csv(@AuthenticationPrincipal PortalUser user,
			@RequestParam(required = false) String advertiser, @RequestParam(required = false) String campaign,
			@RequestParam(required = false) String ad, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(defaultValue = "day") String granularity) {
		Selection selection = select(user, advertiser, campaign, ad, from, to, granularity, List.of());
		if (selection.advertiserId() == null) {
			throw new SuiteException.NotFound(Service.AD_METRICS, "No advertiser was picked");
		}
		byte[] csv = this.suite.reportCsv(user.key(), selection.advertiserId(), selection.query());
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "csv"))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment()
						.filename("impressions-" + selection.advertiserId() + "-" + selection.query().from() + "-"
								+ selection.query().to() + ".csv")
						.build()
						.toString())
			.body(csv);
	}

	private Selection select(PortalUser user, String advertiser, String campaign, String ad, String from, String to,
			String granularity, List<AdvertiserSummary> advertisers) {
		if (user.kind() == PortalUser.Kind.LICENSE_HOLDER) {
			// campaigns are for advertisers and the operator
			throw new SuiteException.NotFound(Service.AD_METRICS, "No such page");
		}
		String advertiserId;
		if (advertiser != null && !advertiser.isEmpty()) {
			advertiserId = IdCheck.checked(advertiser, Service.AD_METRICS, "advertiser");
		}
		else if (!user.isOperator()) {
			advertiserId = user.tenantId();
		}
		else {
			advertiserId = advertisers.isEmpty() ? null : advertisers.get(0).advertiserId();
		}
		LocalDate last = day(to, LocalDate.now(this.clock.withZone(ZoneOffset.UTC)));
		LocalDate first = day(from, last.minusDays(6));
		if (first.isAfter(last) || ChronoUnit.DAYS.between(first, last) + 1 > MAX_DAYS) {
			throw new BadQueryException("Pick a range of 1 to " + MAX_DAYS + " days, the first day before the last.");
		}
		if (!granularity.equals("hour") && !granularity.equals("day")) {
			throw new BadQueryException("Show the figures by hour or by day.");
		}
		if (advertiserId == null) {
			return new Selection(null, List.of(), new ReportQuery(first, last, granularity, "campaign", null, null));
		}
		List<Campaign> campaigns = this.suite.campaigns(user.key(), advertiserId);
		String campaignId = blankless(campaign);
		String adId = blankless(ad);
		if (campaignId != null && campaigns.stream().noneMatch((c) -> c.campaignId().equals(campaignId))) {
			throw new SuiteException.NotFound(Service.AD_METRICS, "No campaign "
					+ IdCheck.checked(campaignId, Service.AD_METRICS, "campaign") + " for advertiser " + advertiserId);
		}
		if (adId != null && findAd(campaigns, campaignId, adId).isEmpty()) {
			throw new SuiteException.NotFound(Service.AD_METRICS,
					"No ad " + IdCheck.checked(adId, Service.AD_METRICS, "ad") + " in the campaigns picked");
		}
		return new Selection(advertiserId, campaigns,
				new ReportQuery(first, last, granularity, (adId != null) ? "ad" : "campaign", campaignId, adId));
	}

	private static Optional<Ad> findAd(List<Campaign> campaigns, String campaignId, String adId) {
		return campaigns.stream()
			.filter((c) -> campaignId == null || c.campaignId().equals(campaignId))
			.flatMap((c) -> c.ads().stream())
			.filter((a) -> a.adId().equals(adId))
			.findFirst();
	}

	private static String advertiserName(PortalUser user, String advertiserId, List<AdvertiserSummary> advertisers) {
		if (!user.isOperator()) {
			return user.name();
		}
		return advertisers.stream()
			.filter((a) -> a.advertiserId().equals(advertiserId))
			.map(AdvertiserSummary::name)
			.findFirst()
			.orElse(advertiserId);
	}

	private static LocalDate day(String text, LocalDate otherwise) {
		if (text == null || text.isEmpty()) {
			return otherwise;
		}
		try {
			return LocalDate.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new BadQueryException("Days are written yyyy-MM-dd, for example 2026-12-03.");
		}
	}

	private static String blankless(String text) {
		return (text == null || text.isEmpty()) ? null : text;
	}

}
