package dev.playback.admetrics.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.playback.admetrics.access.AdCaller;
import dev.playback.reports.catalog.IdRule;
import dev.playback.reports.catalog.TextRule;
import dev.playback.reports.web.ProblemResponse;
import dev.playback.reports.csv.CsvImport;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The catalog admin API, for the operator's key only: advertisers and their API keys,
 * campaigns, ads. Upserts by natural key, so a repeated call changes nothing. Ads seen in
 * sessions before they are here are counted already and show in reports once added.
 */
@RestController
class AdCatalogController {

	static final int MAX_IMPORT_ROWS = 100_000;

	private final AdCatalogStore store;

	private final AdCaller caller;

	AdCatalogController(AdCatalogStore store, AdCaller caller) {
		this.store = store;
		this.caller = caller;
	}

	/** Every advertiser, by id: the operator's view of the catalog. */
	@GetMapping("/v1/admin/advertisers")
	List<AdCatalogStore.AdvertiserSummary> advertisers(
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth) {
		this.caller.requireOperator(auth);
		return this.store.advertisers();
	}

	/**
	 * The advertiser's campaigns and their ads, for its key (or the operator's); another
	 * advertiser's id answers 404.
	 */
	@GetMapping("/v1/advertisers/{advertiserId}/campaigns")
	List<AdCatalogStore.Campaign> campaigns(
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@PathVariable String advertiserId) {
		this.caller.requireTenantOrOperator(auth, advertiserId);
		return this.store.campaigns(advertiserId);
	}

	/**
	 * An advertiser.
	 *
	 * @param name its display name
	 */
	record AdvertiserRequest(@NotBlank @Size(max = 200) String name) {
	}

	/**
	 * A campaign of an advertiser.
	 *
	 * @param advertiserId whose it is
	 * @param name its name
	 */
	record CampaignRequest(@NotBlank String advertiserId, @NotBlank @Size(max = 200) String name) {
	}

	/**
	 * An ad creative.
	 *
	 * @param campaignId its campaign
	 * @param durationMs its length in ms
	 */
	record AdRequest(@NotBlank String campaignId, @NotNull @Positive Long durationMs) {
	}

	@PutMapping("/v1/admin/advertisers/{advertiserId}")
	Map<String, String> putAdvertiser(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@PathVariable String advertiserId, @Valid @RequestBody AdvertiserRequest body) {
		this.caller.requireOperator(auth);
		this.store.upsertAdvertiser(IdRule.check("advertiserId", advertiserId), TextRule.check("name", body.name()));
		return Map.of("advertiserId", advertiserId, "name", body.name());
	}

	/**
	 * A new API key for the advertiser, shown in this answer only; the previous key stops
	 * working.
	 */
	@PostMapping("/v1/admin/advertisers/{advertiserId}/api-keys")
	ResponseEntity<Map<String, String>> newKey(
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@PathVariable String advertiserId) {
		this.caller.requireOperator(auth);
		String key = this.caller.newKey(IdRule.check("advertiserId", advertiserId));
		return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("advertiserId", advertiserId, "apiKey", key));
	}

	@PutMapping("/v1/admin/campaigns/{campaignId}")
	Map<String, String> putCampaign(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@PathVariable String campaignId, @Valid @RequestBody CampaignRequest body) {
		this.caller.requireOperator(auth);
		if (!this.store.upsertCampaign(IdRule.check("campaignId", campaignId),
				IdRule.check("advertiserId", body.advertiserId()), TextRule.check("name", body.name()))) {
			throw this.caller.notFound(body.advertiserId());
		}
		return Map.of("campaignId", campaignId, "advertiserId", body.advertiserId(), "name", body.name());
	}

	@PutMapping("/v1/admin/ads/{adId}")
	Map<String, Object> putAd(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@PathVariable String adId, @Valid @RequestBody AdRequest body) {
		this.caller.requireOperator(auth);
		AdCatalogStore.Ad ad = new AdCatalogStore.Ad(IdRule.check("adId", adId),
				IdRule.check("campaignId", body.campaignId()), body.durationMs());
		if (!this.store.upsertAd(ad)) {
			throw ProblemResponse.notFound("No campaign " + body.campaignId());
		}
		return Map.of("adId", adId, "campaignId", body.campaignId(), "durationMs", body.durationMs());
	}

	/**
	 * Many ads at once, as CSV with the header {@code adId,campaignId,durationMs}: every
	 * row checked first, then all written in one transaction, or none with a 400 naming
	 * each bad row and field.
	 */
	@PostMapping(path = "/v1/admin/ads/import", consumes = "text/csv")
	Map<String, Object> importAds(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@RequestBody String body) {
		this.caller.requireOperator(auth);
		CsvImport csv = CsvImport.read(body, List.of("adId", "campaignId", "durationMs"), MAX_IMPORT_ROWS);
		Set<String> campaigns = this.store.campaignIds();
		List<AdCatalogStore.Ad> ads = new ArrayList<>();
		for (CsvImport.Row row : csv.rows()) {
			int before = csv.errorCount();
			if (!IdRule.isValid(row.get(0))) {
				csv.error(row.index(), "adId", IdRule.RULE);
			}
			if (!campaigns.contains(row.get(1))) {
				csv.error(row.index(), "campaignId", "is not a campaign");
			}
			Long duration = csv.positiveOrEmpty(row, 2, "durationMs");
			if (duration == null && row.get(2).isEmpty()) {
				csv.error(row.index(), "durationMs", "is required");
			}
			if (csv.errorCount() == before) {
				ads.add(new AdCatalogStore.Ad(row.get(0), row.get(1), duration));
			}
		}
		csv.requireNoErrors();
		this.store.upsertAds(ads);
		return Map.of("imported", ads.size());
	}

}
