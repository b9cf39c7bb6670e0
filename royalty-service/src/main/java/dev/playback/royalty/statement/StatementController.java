package dev.playback.royalty.statement;

import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;

import dev.playback.royalty.access.Caller;
import dev.playback.royalty.access.NotFound;
import dev.playback.royalty.statement.StatementArithmetic.Line;
import dev.playback.royalty.statement.StatementArithmetic.Statement;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
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

	private final StatementStore store;

	private final Caller caller;

	StatementController(StatementStore store, Caller caller) {
		this.store = store;
		this.caller = caller;
	}

	/**
	 * A statement as JSON. Money and hours are decimal strings, never binary floating
	 * point.
	 *
	 * @param licenseHolderId the holder
	 * @param month yyyy-MM, UTC
	 * @param status PROVISIONAL while data may still change
	 * @param currency ISO 4217 code of the holder's rate cards
	 * @param lines one per video of the holder
	 * @param total the sum of the line amounts
	 */
	record StatementView(String licenseHolderId, String month, String status, String currency, List<LineView> lines,
			String total) {
	}

	/**
	 * One video's line.
	 *
	 * @param videoId the video
	 * @param hoursStreamed played hours in the month, 6 decimals
	 * @param qualifyingViews sessions started in the month with at least 30 s played
	 * @param uniqueViewers distinct users with a qualifying view
	 * @param amount money for the month, rounded HALF_EVEN to the minor unit
	 */
	record LineView(String videoId, String hoursStreamed, long qualifyingViews, long uniqueViewers, String amount) {
	}

	@GetMapping(path = "/v1/license-holders/{holderId}/statements/{month}",
			produces = { MediaType.APPLICATION_JSON_VALUE, "text/csv" })
	ResponseEntity<?> statement(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@PathVariable String holderId, @PathVariable String month, HttpServletRequest request) {
		this.caller.requireHolderOrOperator(auth, holderId);
		if (!this.store.holderExists(holderId)) {
			throw NotFound.licenseHolder(holderId);
		}
		YearMonth yearMonth = parseMonth(month);
		StatementStore.Inputs inputs = this.store.inputs(holderId, yearMonth);
		if (inputs.cards().isEmpty()) {
			ErrorResponseException ex = new ErrorResponseException(HttpStatus.CONFLICT);
			ex.getBody().setTitle("No rate card");
			ex.getBody().setDetail("License holder " + holderId + " has no rate card yet");
			throw ex;
		}
		Statement statement = StatementArithmetic.compute(yearMonth, inputs.videos(), inputs.cards(), inputs.usage(),
				inputs.views());
		StatementView view = new StatementView(holderId, yearMonth.toString(), "PROVISIONAL",
				statement.currency().getCurrencyCode(),
				statement.lines()
					.stream()
					.map((line) -> new LineView(line.videoId(), line.hoursStreamed().toPlainString(),
							line.qualifyingViews(), line.uniqueViewers(), line.amount().toPlainString()))
					.toList(),
				statement.total().toPlainString());
		String accept = request.getHeader(HttpHeaders.ACCEPT);
		if (accept != null && accept.contains("text/csv")) {
			return ResponseEntity.ok()
				.contentType(new MediaType(CSV, StandardCharsets.UTF_8))
				.header("X-Statement-Status", view.status())
				.header("X-Statement-Currency", view.currency())
				.header("X-Statement-Total", view.total())
				.body(csv(statement));
		}
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(view);
	}

	/** One header row, then a row per line; ids never need quoting (their alphabet). */
	static String csv(Statement statement) {
		StringBuilder out = new StringBuilder(
				"videoId,hoursStreamed,qualifyingViews,uniqueViewers,amount,currency\r\n");
		for (Line line : statement.lines()) {
			out.append(line.videoId())
				.append(',')
				.append(line.hoursStreamed().toPlainString())
				.append(',')
				.append(line.qualifyingViews())
				.append(',')
				.append(line.uniqueViewers())
				.append(',')
				.append(line.amount().toPlainString())
				.append(',')
				.append(statement.currency().getCurrencyCode())
				.append("\r\n");
		}
		return out.toString();
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
