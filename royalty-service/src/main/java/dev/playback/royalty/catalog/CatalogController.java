package dev.playback.royalty.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

	/**
	 * Many videos at once, as CSV with the header
	 * {@code videoId,licenseHolderId,title,durationMs}: every row checked first, then all
	 * written in one transaction, or none with a 400 naming each bad row and field.
	 */
	@PostMapping(path = "/v1/admin/videos/import", consumes = "text/csv")
	Map<String, Object> importVideos(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@RequestBody String csv) {
		this.caller.requireOperator(auth);
		List<List<String>> rows;
		try {
			rows = CsvRows.parse(csv);
		}
		catch (IllegalArgumentException ex) {
			throw badRequest(ex.getMessage());
		}
		if (rows.isEmpty() || !rows.get(0).equals(List.of("videoId", "licenseHolderId", "title", "durationMs"))) {
			throw badRequest("The first row must be the header videoId,licenseHolderId,title,durationMs");
		}
		if (rows.size() - 1 > MAX_IMPORT_ROWS) {
			throw badRequest("At most " + MAX_IMPORT_ROWS + " videos per import");
		}
		Set<String> holders = this.store.holderIds();
		List<CatalogStore.Video> videos = new ArrayList<>();
		List<Map<String, Object>> errors = new ArrayList<>();
		for (int i = 1; i < rows.size(); i++) {
			List<String> row = rows.get(i);
			int line = i + 1;
			if (row.size() != 4) {
				errors.add(rowError(line, null, "must have 4 fields, has " + row.size()));
				continue;
			}
			int before = errors.size();
			if (!ID.matcher(row.get(0)).matches()) {
				errors.add(rowError(line, "videoId", "must be 1 to 64 characters of A-Z a-z 0-9 . _ : -"));
			}
			if (!holders.contains(row.get(1))) {
				errors.add(rowError(line, "licenseHolderId", "is not a license holder"));
			}
			if (row.get(2).isBlank() || row.get(2).length() > 300) {
				errors.add(rowError(line, "title", "must be 1 to 300 characters"));
			}
			Long duration = null;
			if (!row.get(3).isEmpty()) {
				try {
					duration = Long.parseLong(row.get(3));
				}
				catch (NumberFormatException ex) {
					duration = -1L;
				}
				if (duration <= 0) {
					errors.add(rowError(line, "durationMs", "must be a positive whole number of ms, or empty"));
				}
			}
			if (errors.size() == before) {
				videos.add(new CatalogStore.Video(row.get(0), row.get(1), row.get(2), duration));
			}
		}
		if (!errors.isEmpty()) {
			ErrorResponseException ex = badRequest(errors.size() + " bad row(s); nothing was imported");
			ex.getBody().setProperty("errors", errors);
			throw ex;
		}
		this.store.upsertVideos(videos);
		return Map.of("imported", videos.size());
	}

	private static Map<String, Object> rowError(int line, String field, String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("row", line);
		error.put("field", field);
		error.put("message", message);
		return error;
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
