package dev.playback.royalty.statement;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import dev.playback.reports.catalog.IdRule;
import dev.playback.reports.csv.CsvExport;
import dev.playback.royalty.access.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.apache.commons.csv.CSVPrinter;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code GET /v1/license-holders/{id}/statements/{yyyy-MM}/evidence?videoId=}: every
 * session behind a statement's lines and adjustments (docs/contract.md section 3,
 * "Evidence"), as JSON or, with {@code Accept: text/csv}, CSV; both streamed from the
 * database, so a line of millions of sessions never sits in memory. A FINAL statement's
 * evidence is the one frozen with it; a PROVISIONAL one's is read from the sessions as
 * they stand. Viewers are pseudonymous: an HMAC of the user id with the holder's own key.
 */
@RestController
class EvidenceController {

	static final List<String> CSV_HEADER = List.of("forMonth", "videoId", "sessionId", "viewerId", "startedAt",
			"playedMs", "qualifyingViews", "invalidTrafficPlayedMs", "invalidTraffic", "revision");

	private final StatementService statements;

	private final StatementStore store;

	private final EvidenceStore evidence;

	private final Caller caller;

	private final TransactionTemplate snapshot;

	private final JsonMapper json;

	EvidenceController(StatementService statements, StatementStore store, EvidenceStore evidence, Caller caller,
			PlatformTransactionManager transactions, JsonMapper json) {
		this.statements = statements;
		this.store = store;
		this.evidence = evidence;
		this.caller = caller;
		this.snapshot = new TransactionTemplate(transactions);
		this.snapshot.setReadOnly(true);
		this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.json = json;
	}

	@Operation(summary = "The sessions behind a statement",
			description = "A row per session and line: forMonth (the statement's month for its own lines, an earlier "
					+ "month for an adjustment), videoId, sessionId, viewerId (pseudonymous, stable for this holder), "
					+ "startedAt, playedMs on the month's days, qualifyingViews (1 or 0; for an adjustment the "
					+ "difference), invalidTrafficPlayedMs, invalidTraffic, revision. A line's playedMs add up to its "
					+ "hoursStreamed, its qualifyingViews to its qualifyingViews, its invalidTrafficPlayedMs to its "
					+ "invalidTrafficHours, and its distinct qualifying viewerIds are its uniqueViewers. JSON, or CSV "
					+ "with Accept: text/csv; streamed.")
	@ApiResponse(responseCode = "200", description = "The evidence",
			content = { @Content(mediaType = MediaType.APPLICATION_JSON_VALUE), @Content(mediaType = "text/csv") })
	@ApiResponse(responseCode = "404", description = "No such holder for this key, or no such video of the holder",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "409",
			description = "A FINAL statement closed before evidence was kept (none was frozen with it)",
			content = @Content(mediaType = "application/problem+json"))
	@GetMapping(path = "/v1/license-holders/{holderId}/statements/{month}/evidence",
			produces = { MediaType.APPLICATION_JSON_VALUE, "text/csv" })
	ResponseEntity<StreamingResponseBody> evidence(
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
			@PathVariable String holderId, @PathVariable String month, @RequestParam(required = false) String videoId,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
		this.caller.requireTenantOrOperator(auth, holderId);
		YearMonth statementMonth = StatementController.parseMonth(month);
		if (videoId != null) {
			IdRule.check("videoId", videoId);
			if (!this.evidence.owns(holderId, videoId)) {
				ErrorResponseException missing = new ErrorResponseException(HttpStatus.NOT_FOUND);
				missing.getBody().setTitle("No such video");
				missing.getBody().setDetail("License holder " + holderId + " has no video " + videoId);
				throw missing;
			}
		}
		boolean isFinal = this.store.finalMonths(holderId).contains(statementMonth);
		if (isFinal && !this.store.evidenceFrozen(holderId, statementMonth)) {
			ErrorResponseException none = new ErrorResponseException(HttpStatus.CONFLICT);
			none.getBody().setTitle("No evidence kept");
			none.getBody()
				.setDetail("The statement of " + statementMonth + " closed before this version kept evidence; "
						+ "statements closed since have theirs");
			throw none;
		}
		ViewerIds viewers = new ViewerIds(this.evidence.viewerKey(holderId));
		String status = isFinal ? "FINAL" : "PROVISIONAL";
		Consumer<Consumer<EvidenceStore.Row>> rows = (sink) -> this.snapshot.executeWithoutResult((tx) -> {
			if (isFinal) {
				this.evidence.frozen(holderId, statementMonth, videoId, sink);
			}
			else {
				this.evidence.live(holderId, statementMonth, videoId, sink);
				for (YearMonth closed : this.statements.carried(holderId, statementMonth)) {
					if (this.store.evidenceFrozen(holderId, closed)) {
						this.evidence.live(holderId, closed, videoId, sink);
					}
				}
			}
		});
		boolean csv = accept != null && accept.contains("text/csv");
		StreamingResponseBody body = csv ? (out) -> csv(out, rows, viewers)
				: (out) -> json(out, holderId, statementMonth, status, rows, viewers);
		return ResponseEntity.ok()
			.contentType(csv ? new MediaType("text", "csv", StandardCharsets.UTF_8) : MediaType.APPLICATION_JSON)
			.header("X-Statement-Status", status)
			.header(HttpHeaders.CONTENT_DISPOSITION,
					(csv ? "attachment" : "inline") + "; filename=\"" + holderId + "-" + statementMonth + "-evidence"
							+ Optional.ofNullable(videoId).map((id) -> "-" + id).orElse("")
							+ (csv ? ".csv\"" : ".json\""))
			.body(body);
	}

	private static void csv(OutputStream out, Consumer<Consumer<EvidenceStore.Row>> rows, ViewerIds viewers)
			throws IOException {
		Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
		CSVPrinter csv = CsvExport.streaming(writer, CSV_HEADER);
		rows.accept((row) -> {
			try {
				csv.printRecord(row.forMonth(), row.videoId(), row.sessionId(), viewers.of(row.userId()),
						row.startedAt(), row.playedMs(), row.qualifying(), row.invalidPlayedMs(), row.invalidTraffic(),
						row.revision());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		csv.flush();
	}

	private void json(OutputStream out, String holderId, YearMonth month, String status,
			Consumer<Consumer<EvidenceStore.Row>> rows, ViewerIds viewers) {
		try (JsonGenerator generator = this.json.createGenerator(out)) {
			generator.writeStartObject();
			generator.writeStringProperty("licenseHolderId", holderId);
			generator.writeStringProperty("month", month.toString());
			generator.writeStringProperty("status", status);
			generator.writeName("sessions");
			generator.writeStartArray();
			rows.accept((row) -> {
				generator.writeStartObject();
				generator.writeStringProperty("forMonth", row.forMonth().toString());
				generator.writeStringProperty("videoId", row.videoId());
				generator.writeStringProperty("sessionId", row.sessionId());
				generator.writeStringProperty("viewerId", viewers.of(row.userId()));
				generator.writeStringProperty("startedAt", row.startedAt().toString());
				generator.writeNumberProperty("playedMs", row.playedMs());
				generator.writeNumberProperty("qualifyingViews", row.qualifying());
				generator.writeNumberProperty("invalidTrafficPlayedMs", row.invalidPlayedMs());
				generator.writeStringProperty("invalidTraffic", row.invalidTraffic());
				generator.writeNumberProperty("revision", row.revision());
				generator.writeEndObject();
			});
			generator.writeEndArray();
			generator.writeEndObject();
		}
	}

}
