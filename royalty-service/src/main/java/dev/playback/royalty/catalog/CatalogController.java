package dev.playback.royalty.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.Map;
import java.util.regex.Pattern;

import dev.playback.royalty.access.ApiKeys;
import dev.playback.royalty.access.Caller;
import dev.playback.royalty.access.NotFound;
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
import org.springframework.web.ErrorResponseException;
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

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

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

	@PutMapping("/v1/admin/license-holders/{holderId}")
	Map<String, String> putHolder(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@PathVariable String holderId, @Valid @RequestBody HolderRequest body) {
		this.caller.requireOperator(auth);
		this.store.upsertHolder(checkId(holderId), body.name());
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
		String key = ApiKeys.generate();
		if (!this.store.setKeyHash(checkId(holderId), ApiKeys.hash(key))) {
			throw NotFound.licenseHolder(holderId);
		}
		return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("licenseHolderId", holderId, "apiKey", key));
	}

	@PutMapping("/v1/admin/videos/{videoId}")
	Map<String, Object> putVideo(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@PathVariable String videoId, @Valid @RequestBody VideoRequest body) {
		this.caller.requireOperator(auth);
		if (!this.store.upsertVideo(checkId(videoId), checkId(body.licenseHolderId()), body.title(),
				body.durationMs())) {
			throw NotFound.licenseHolder(body.licenseHolderId());
		}
		return Map.of("videoId", videoId, "licenseHolderId", body.licenseHolderId(), "title", body.title());
	}

	@PutMapping("/v1/admin/license-holders/{holderId}/rate-cards/{effectiveFrom}")
	Map<String, Object> putRateCard(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@PathVariable String holderId, @PathVariable LocalDate effectiveFrom,
			@Valid @RequestBody RateCardRequest body) {
		this.caller.requireOperator(auth);
		Currency currency = currency(body.currency());
		if (!this.store.upsertRateCard(checkId(holderId), effectiveFrom, currency, body.ratePerHour())) {
			throw NotFound.licenseHolder(holderId);
		}
		return Map.of("licenseHolderId", holderId, "effectiveFrom", effectiveFrom.toString(), "currency",
				currency.getCurrencyCode(), "ratePerHour", body.ratePerHour());
	}

	private static Currency currency(String code) {
		try {
			return Currency.getInstance(code);
		}
		catch (IllegalArgumentException ex) {
			throw badRequest("currency must be an ISO 4217 code");
		}
	}

	static String checkId(String id) {
		if (!ID.matcher(id).matches()) {
			throw badRequest("ids are 1 to 64 characters of A-Z a-z 0-9 . _ : -");
		}
		return id;
	}

	private static ErrorResponseException badRequest(String detail) {
		ErrorResponseException ex = new ErrorResponseException(HttpStatus.BAD_REQUEST);
		ex.getBody().setTitle("Bad request");
		ex.getBody().setDetail(detail);
		return ex;
	}

}
