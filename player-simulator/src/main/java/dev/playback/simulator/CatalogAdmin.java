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
			put(this.royaltyUrl + "/v1/admin/license-holders/" + holder.id(), "{\"name\":\"" + holder.id() + "\"}");
			for (SimCatalog.RateCard card : holder.rateCards()) {
				put(this.royaltyUrl + "/v1/admin/license-holders/" + holder.id() + "/rate-cards/"
						+ card.effectiveFrom(),
						"{\"currency\":\"" + holder.currency() + "\",\"ratePerHour\":\""
								+ card.ratePerHour().toPlainString() + "\"}");
			}
		}
		for (SimCatalog.Video video : catalog.videos()) {
			put(this.royaltyUrl + "/v1/admin/videos/" + video.id(), "{\"licenseHolderId\":\"" + video.holderId()
					+ "\",\"title\":\"" + video.id() + "\",\"durationMs\":" + video.durationMs() + "}");
		}
		for (SimCatalog.Advertiser advertiser : catalog.advertisers()) {
			put(this.adMetricsUrl + "/v1/admin/advertisers/" + advertiser.id(),
					"{\"name\":\"" + advertiser.id() + "\"}");
		}
		for (SimCatalog.Campaign campaign : catalog.campaigns()) {
			put(this.adMetricsUrl + "/v1/admin/campaigns/" + campaign.id(),
					"{\"advertiserId\":\"" + campaign.advertiserId() + "\",\"name\":\"" + campaign.id() + "\"}");
		}
		for (SimCatalog.Ad ad : catalog.ads()) {
			put(this.adMetricsUrl + "/v1/admin/ads/" + ad.id(),
					"{\"campaignId\":\"" + ad.campaignId() + "\",\"durationMs\":" + ad.durationMs() + "}");
		}
	}

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
