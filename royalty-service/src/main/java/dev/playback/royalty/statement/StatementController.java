package dev.playback.royalty.statement;

import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.playback.reports.csv.CsvExport;
import dev.playback.royalty.access.Caller;
import dev.playback.royalty.statement.StatementArithmetic.Statement;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;

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

	static final List<String> CSV_HEADER = List.of("videoId", "title", "forMonth", "hoursStreamed", "qualifyingViews",
			"uniqueViewers", "amount", "currency", "invalidTrafficHours");

	private final StatementService statements;

	private final Caller caller;

	StatementController(StatementService statements, Caller caller) {
		this.statements = statements;
		this.caller = caller;
	}

	/**
	 * A statement as JSON. Money and hours are decimal strings, never binary floating
	 * point.
	 *
	 * @param licenseHolderId the holder
	 * @param month yyyy-MM, UTC
	 * @param status PROVISIONAL while data may still change, FINAL once closed (never
	 * changes)
	 * @param currency ISO 4217 code of the holder's rate cards
	 * @param lines one per video of the holder
	 * @param adjustments changes to earlier FINAL months, carried on this statement
	 * @param total the sum of the line and adjustment amounts
	 */
	record StatementView(String licenseHolderId, String month, String status, String currency, List<LineView> lines,
			List<AdjustmentView> adjustments, String total) {
	}

	/**
	 * A change to an earlier FINAL month.
	 *
	 * @param videoId the video
	 * @param title its title, as the catalog has it now
	 * @param forMonth the FINAL month it corrects
	 * @param hoursStreamed hours added (negative: taken back)
	 * @param qualifyingViews views added or taken back
	 * @param uniqueViewers viewers added or taken back
	 * @param amount money added or taken back
	 * @param invalidTrafficHours hours of invalid-traffic sessions added or taken back
	 */
	record AdjustmentView(String videoId, String title, String forMonth, String hoursStreamed, long qualifyingViews,
			long uniqueViewers, String amount, String invalidTrafficHours) {
	}

	/**
	 * One video's line.
	 *
	 * @param videoId the video
	 * @param title its title, as the catalog has it now
	 * @param hoursStreamed played hours in the month, 6 decimals
	 * @param qualifyingViews sessions started in the month with at least 30 s played
	 * @param uniqueViewers distinct users with a qualifying view
	 * @param amount money for the month, rounded HALF_EVEN to the minor unit
	 * @param invalidTrafficHours hours of sessions found to be general invalid traffic
	 * (bots, data centers, impossible activity), 6 decimals: counted in no other column
	 * and paid nothing
	 */
	record LineView(String videoId, String title, String hoursStreamed, long qualifyingViews, long uniqueViewers,
			String amount, String invalidTrafficHours) {
	}

	@Operation(summary = "A license holder's statement for a month",
			description = "JSON, or CSV with Accept: text/csv (status, currency and total in X-Statement-* headers).")
	@ApiResponse(responseCode = "200", description = "The statement",
			content = { @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
					schema = @Schema(implementation = StatementView.class)), @Content(mediaType = "text/csv") })
	@ApiResponse(responseCode = "404", description = "No such holder for this key",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping(path = "/v1/license-holders/{holderId}/statements/{month}",
			produces = { MediaType.APPLICATION_JSON_VALUE, "text/csv" })
	ResponseEntity<?> statement(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@PathVariable String holderId, @PathVariable String month, HttpServletRequest request) {
		this.caller.requireTenantOrOperator(auth, holderId);
		StatementService.Result result = this.statements.view(holderId, parseMonth(month));
		return answer(holderId, result, this.statements.titles(holderId), request.getHeader(HttpHeaders.ACCEPT));
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
		return answer(holderId, this.statements.finalizeMonth(holderId, parseMonth(month)),
				this.statements.titles(holderId), null);
	}

	private static ResponseEntity<?> answer(String holderId, StatementService.Result result, Map<String, String> titles,
			String accept) {
		Statement statement = result.statement();
		StatementView view = new StatementView(holderId, statement.month().toString(), result.status(),
				statement.currency().getCurrencyCode(),
				statement.lines()
					.stream()
					.map((line) -> new LineView(line.videoId(), titles.get(line.videoId()),
							line.hoursStreamed().toPlainString(), line.qualifyingViews(), line.uniqueViewers(),
							line.amount().toPlainString(), line.invalidTrafficHours().toPlainString()))
					.toList(),
				result.adjustments()
					.stream()
					.map((adjustment) -> new AdjustmentView(adjustment.videoId(), titles.get(adjustment.videoId()),
							adjustment.forMonth().toString(),
							StatementArithmetic.hours(adjustment.playedMs()).toPlainString(),
							adjustment.qualifyingViews(), adjustment.uniqueViewers(),
							adjustment.amount().toPlainString(), adjustment.invalidTrafficHours().toPlainString()))
					.toList(),
				result.total().toPlainString());
		if (accept != null && accept.contains("text/csv")) {
			return ResponseEntity.ok()
				.contentType(new MediaType(CSV, StandardCharsets.UTF_8))
				.header("X-Statement-Status", view.status())
				.header("X-Statement-Currency", view.currency())
				.header("X-Statement-Total", view.total())
				.body(csv(view));
		}
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(view);
	}

	/**
	 * One header row, then a row per line (forMonth = the statement's month) and per
	 * adjustment (forMonth = the month it corrects).
	 */
	static String csv(StatementView view) {
		List<List<?>> rows = new ArrayList<>();
		for (LineView line : view.lines()) {
			rows.add(Arrays.asList(line.videoId(), line.title(), view.month(), line.hoursStreamed(),
					line.qualifyingViews(), line.uniqueViewers(), line.amount(), view.currency(),
					line.invalidTrafficHours()));
		}
		for (AdjustmentView adjustment : view.adjustments()) {
			rows.add(Arrays.asList(adjustment.videoId(), adjustment.title(), adjustment.forMonth(),
					adjustment.hoursStreamed(), adjustment.qualifyingViews(), adjustment.uniqueViewers(),
					adjustment.amount(), view.currency(), adjustment.invalidTrafficHours()));
		}
		return CsvExport.of(CSV_HEADER, rows);
	}

	private static YearMonth parseMonth(String month) {
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
