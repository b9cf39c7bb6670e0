package dev.playback.royalty.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.playback.reports.catalog.IdRule;
import dev.playback.reports.catalog.TextRule;
import dev.playback.reports.web.ProblemResponse;
import dev.playback.reports.csv.CsvImport;
import dev.playback.royalty.access.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
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
 * The catalog admin API, for the operator's key only: license holders and their API keys,
 * videos, rate cards. Upserts by natural key, so a repeated call changes nothing.
 */
@RestController
class CatalogController {

	static final int MAX_IMPORT_ROWS = 100_000;

	private final CatalogStore store;

	private final Caller caller;

	CatalogController(CatalogStore store, Caller caller) {
		this.store = store;
		this.caller = caller;
	}

	/**
	 * A license holder.
	 *
	 * @param name its display name
	 */
	record HolderRequest(@NotBlank @Size(max = 200) String name) {
	}

	/**
	 * A video of a license holder.
	 *
	 * @param licenseHolderId who owns it
	 * @param title its title
	 * @param durationMs its length, when known
	 */
	record VideoRequest(@NotBlank String licenseHolderId, @NotBlank @Size(max = 300) String title,
			@Positive Long durationMs) {
	}

	/**
	 * A rate card, in force from its date in the path.
	 *
	 * @param currency ISO 4217 code
	 * @param ratePerHour money per streamed hour, up to 6 decimal places
	 */
	record RateCardRequest(@NotNull @Size(min = 3, max = 3) String currency,
			@NotNull @DecimalMin("0") @Digits(integer = 12, fraction = 6) BigDecimal ratePerHour) {
	}

	/** Every license holder, by id: the operator's view of the catalog. */
	@GetMapping("/v1/admin/license-holders")
	List<CatalogStore.HolderSummary> holders(
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth) {
		this.caller.requireOperator(auth);
		return this.store.holders();
	}

	@PutMapping("/v1/admin/license-holders/{holderId}")
	Map<String, String> putHolder(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@PathVariable String holderId, @Valid @RequestBody HolderRequest body) {
		this.caller.requireOperator(auth);
		this.store.upsertHolder(IdRule.check("licenseHolderId", holderId), TextRule.check("name", body.name()));
		return Map.of("licenseHolderId", holderId, "name", body.name());
	}

	/**
	 * A new API key for the holder, shown in this answer only; the previous key stops
	 * working.
	 */
	@PostMapping("/v1/admin/license-holders/{holderId}/api-keys")
	ResponseEntity<Map<String, String>> newKey(
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@PathVariable String holderId) {
		this.caller.requireOperator(auth);
		String key = this.caller.newKey(IdRule.check("licenseHolderId", holderId));
		return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("licenseHolderId", holderId, "apiKey", key));
	}

	@PutMapping("/v1/admin/videos/{videoId}")
	Map<String, Object> putVideo(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@PathVariable String videoId, @Valid @RequestBody VideoRequest body) {
		this.caller.requireOperator(auth);
		if (!this.store.upsertVideo(IdRule.check("videoId", videoId),
				IdRule.check("licenseHolderId", body.licenseHolderId()), TextRule.check("title", body.title()),
				body.durationMs())) {
			throw this.caller.notFound(body.licenseHolderId());
		}
		return Map.of("videoId", videoId, "licenseHolderId", body.licenseHolderId(), "title", body.title());
	}

	/**
	 * Many videos at once, as CSV with the header
	 * {@code videoId,licenseHolderId,title,durationMs}: every row checked first, then all
	 * written in one transaction, or none with a 400 naming each bad row and field.
	 */
	@PostMapping(path = "/v1/admin/videos/import", consumes = "text/csv")
	Map<String, Object> importVideos(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@RequestBody String body) {
		this.caller.requireOperator(auth);
		CsvImport csv = CsvImport.read(body, List.of("videoId", "licenseHolderId", "title", "durationMs"),
				MAX_IMPORT_ROWS);
		Set<String> holders = this.store.holderIds();
		List<CatalogStore.Video> videos = new ArrayList<>();
		for (CsvImport.Row row : csv.rows()) {
			int before = csv.errorCount();
			if (!IdRule.isValid(row.get(0))) {
				csv.error(row.index(), "videoId", IdRule.RULE);
			}
			if (!holders.contains(row.get(1))) {
				csv.error(row.index(), "licenseHolderId", "is not a license holder");
			}
			if (row.get(2).isBlank() || row.get(2).length() > 300) {
				csv.error(row.index(), "title", "must be 1 to 300 characters");
			}
			else if (!TextRule.isValid(row.get(2))) {
				csv.error(row.index(), "title", TextRule.RULE);
			}
			Long duration = csv.positiveOrEmpty(row, 3, "durationMs");
			if (csv.errorCount() == before) {
				videos.add(new CatalogStore.Video(row.get(0), row.get(1), row.get(2), duration));
			}
		}
		csv.requireNoErrors();
		this.store.upsertVideos(videos);
		return Map.of("imported", videos.size());
	}

	@PutMapping("/v1/admin/license-holders/{holderId}/rate-cards/{effectiveFrom}")
	Map<String, Object> putRateCard(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@PathVariable String holderId, @PathVariable LocalDate effectiveFrom,
			@Valid @RequestBody RateCardRequest body) {
		this.caller.requireOperator(auth);
		Currency currency = currency(body.currency());
		if (!this.store.upsertRateCard(IdRule.check("licenseHolderId", holderId), effectiveFrom, currency,
				body.ratePerHour())) {
			throw this.caller.notFound(holderId);
		}
		return Map.of("licenseHolderId", holderId, "effectiveFrom", effectiveFrom.toString(), "currency",
				currency.getCurrencyCode(), "ratePerHour", body.ratePerHour());
	}

	private static Currency currency(String code) {
		try {
			return Currency.getInstance(code);
		}
		catch (IllegalArgumentException ex) {
			throw ProblemResponse.badRequest("currency must be an ISO 4217 code");
		}
	}

}
