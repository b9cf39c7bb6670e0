package dev.playback.royalty.statement;

import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

import dev.playback.royalty.access.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/license-holders/{id}/statements/{yyyy-MM}}: JSON, or CSV with
 * {@code Accept: text/csv}. A holder's key sees its own statements only (another holder's
 * id answers 404); the operator's key sees all.
 */
@RestController
class StatementController {

	static final MediaType CSV = MediaType.parseMediaType("text/csv");

	private static final int CLOSE_ATTEMPTS = 3;

	private final StatementService statements;

	private final Caller caller;

	StatementController(StatementService statements, Caller caller) {
		this.statements = statements;
		this.caller = caller;
	}

	@Operation(summary = "A license holder's statement for a month",
			description = "JSON, or CSV with Accept: text/csv (status, currency, total and, once FINAL, the digest "
					+ "in X-Statement-* headers).")
	@ApiResponse(responseCode = "200", description = "The statement",
			content = {
					@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(implementation = StatementDocument.StatementView.class)),
					@Content(mediaType = "text/csv") })
	@ApiResponse(responseCode = "404", description = "No such holder for this key",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping(path = "/v1/license-holders/{holderId}/statements/{month}",
			produces = { MediaType.APPLICATION_JSON_VALUE, "text/csv" })
	ResponseEntity<?> statement(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@PathVariable String holderId, @PathVariable String month, HttpServletRequest request) {
		this.caller.requireTenantOrOperator(auth, holderId);
		StatementService.Result result = this.statements.view(holderId, parseMonth(month));
		return answer(holderId, result, request.getHeader(HttpHeaders.ACCEPT));
	}

	/**
	 * Closes a month that has ended: its statement becomes FINAL and never changes again.
	 */
	@PostMapping(path = "/v1/admin/license-holders/{holderId}/statements/{month}/finalize",
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<?> finalizeMonth(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@PathVariable String holderId, @PathVariable String month) {
		this.caller.requireOperator(auth);
		this.caller.requireTenant(holderId);
		YearMonth closing = parseMonth(month);
		for (int attempt = 1;; attempt++) {
			try {
				return answer(holderId, this.statements.finalizeMonth(holderId, closing), null);
			}
			catch (ConcurrencyFailureException ex) {
				// data for a month it settles arrived while it closed: close again on it
				if (attempt == CLOSE_ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	private static ResponseEntity<?> answer(String holderId, StatementService.Result result, String accept) {
		StatementDocument.StatementView view = StatementDocument.view(holderId, result);
		if (accept != null && accept.contains("text/csv")) {
			ResponseEntity.BodyBuilder csv = ResponseEntity.ok()
				.contentType(new MediaType(CSV, StandardCharsets.UTF_8))
				.header("X-Statement-Status", view.status())
				.header("X-Statement-Currency", view.currency())
				.header("X-Statement-Total", view.total());
			if (view.digest() != null) {
				csv.header("X-Statement-Digest", view.digest());
			}
			return csv.body(StatementDocument.csv(view));
		}
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(view);
	}

	static YearMonth parseMonth(String month) {
		try {
			return YearMonth.parse(month);
		}
		catch (DateTimeParseException ex) {
			ErrorResponseException bad = new ErrorResponseException(HttpStatus.BAD_REQUEST);
			bad.getBody().setTitle("Bad month");
			bad.getBody().setDetail("month must be yyyy-MM");
			throw bad;
		}
	}

}
