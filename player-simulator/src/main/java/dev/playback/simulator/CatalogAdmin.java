package dev.playback.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Puts a simulation's catalog into royalty-service and ad-metrics-service through their
 * admin APIs, with the operator's key. Every call is an upsert: running it again changes
 * nothing.
 */
final class CatalogAdmin {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String royaltyUrl;

	private final String adMetricsUrl;

	private final String operatorKey;

	CatalogAdmin(String royaltyUrl, String adMetricsUrl, String operatorKey) {
		this.royaltyUrl = royaltyUrl;
		this.adMetricsUrl = adMetricsUrl;
		this.operatorKey = operatorKey;
	}

	void apply(SimCatalog catalog) throws IOException, InterruptedException {
		for (SimCatalog.Holder holder : catalog.holders()) {
			put(this.royaltyUrl + "/v1/admin/license-holders/" + holder.id(),
					"{\"name\":\"" + displayName(holder.id()) + "\"}");
			for (SimCatalog.RateCard card : holder.rateCards()) {
				put(this.royaltyUrl + "/v1/admin/license-holders/" + holder.id() + "/rate-cards/"
						+ card.effectiveFrom(),
						"{\"currency\":\"" + holder.currency() + "\",\"ratePerHour\":\""
								+ card.ratePerHour().toPlainString() + "\"}");
			}
		}
		for (SimCatalog.Video video : catalog.videos()) {
			put(this.royaltyUrl + "/v1/admin/videos/" + video.id(), "{\"licenseHolderId\":\"" + video.holderId()
					+ "\",\"title\":\"" + title(video.id()) + "\",\"durationMs\":" + video.durationMs() + "}");
		}
		for (SimCatalog.Advertiser advertiser : catalog.advertisers()) {
			put(this.adMetricsUrl + "/v1/admin/advertisers/" + advertiser.id(),
					"{\"name\":\"" + displayName(advertiser.id()) + "\"}");
		}
		for (SimCatalog.Campaign campaign : catalog.campaigns()) {
			put(this.adMetricsUrl + "/v1/admin/campaigns/" + campaign.id(), "{\"advertiserId\":\""
					+ campaign.advertiserId() + "\",\"name\":\"" + displayName(campaign.id()) + "\"}");
		}
		for (SimCatalog.Ad ad : catalog.ads()) {
			put(this.adMetricsUrl + "/v1/admin/ads/" + ad.id(),
					"{\"campaignId\":\"" + ad.campaignId() + "\",\"durationMs\":" + ad.durationMs() + "}");
		}
	}

	/** {@code demo-studio-1} as people read it: {@code Studio 1 (demo)}. */
	static String displayName(String id) {
		int dash = id.indexOf('-');
		String rest = (dash > 0) ? id.substring(dash + 1) : id;
		String words = rest.replace('-', ' ');
		String name = Character.toUpperCase(words.charAt(0)) + words.substring(1);
		return (dash > 0) ? name + " (" + id.substring(0, dash) + ")" : name;
	}

	/**
	 * A made-up film title for a video id ending in a number, the number kept to tell
	 * them apart.
	 */
	static String title(String id) {
		String digits = id.replaceAll("^.*?(\\d+)$", "$1");
		if (digits.equals(id)) {
			return displayName(id);
		}
		int n = Integer.parseInt(digits);
		return TITLES.get((n - 1 + TITLES.size()) % TITLES.size()) + " #" + n;
	}

	private static final java.util.List<String> TITLES = java.util.List.of("Northern Lights", "The Long Harbour",
			"Rain, Again", "Salt and Iron", "A Quiet Coast", "Paper Kingdoms", "The Last Tram", "Glass Orchard",
			"Summer in Oslo", "Low Tide", "The Cartographer", "Night Ferry");

	private void put(String url, String json) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + this.operatorKey)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() / 100 != 2) {
			throw new IOException("PUT " + url + " answered " + response.statusCode() + ": " + response.body());
		}
	}

}
