package dev.playback.portal.statements;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.playback.portal.signin.PortalUser;
import dev.playback.portal.suite.Api.HolderSummary;
import dev.playback.portal.suite.Api.Line;
import dev.playback.portal.suite.Api.Statement;
import dev.playback.portal.suite.Api.Usage;
import dev.playback.portal.suite.Service;
import dev.playback.portal.suite.SuiteClient;
import dev.playback.portal.suite.SuiteException;
import dev.playback.portal.web.BadQueryException;
import dev.playback.portal.web.Charts;
import dev.playback.portal.web.IdCheck;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A license holder's monthly statement: the lines with titles, the adjustments, a chart
 * of the month's daily hours, a CSV download. A holder sees its own; the operator picks
 * any.
 */
@Controller
class StatementsController {

	static final int TOP_VIDEOS = 5;

	private final SuiteClient suite;

	private final Charts charts;

	private final Clock clock;

	StatementsController(SuiteClient suite, Charts charts, Clock clock) {
		this.suite = suite;
		this.charts = charts;
		this.clock = clock;
	}

	@GetMapping("/statements")
	String page(@AuthenticationPrincipal PortalUser user, @RequestParam(required = false) String holder,
			@RequestParam(required = false) String month, Model model) {
		requireStatements(user);
		List<HolderSummary> holders = user.isOperator() ? this.suite.holders(user.key()) : List.of();
		String holderId = holderId(user, holder, holders);
		YearMonth period = month(month);
		model.addAttribute("holders", holders);
		model.addAttribute("month", period);
		model.addAttribute("previous", period.minusMonths(1));
		model.addAttribute("next", period.plusMonths(1));
		model.addAttribute("monthLabel", label(period));
		model.addAttribute("previousLabel", label(period.minusMonths(1)));
		model.addAttribute("nextLabel", label(period.plusMonths(1)));
		if (holderId == null) {
			model.addAttribute("holderId", null);
			return "statements";
		}
		Statement statement = this.suite.statement(user.key(), holderId, period);
		Usage usage = this.suite.usage(user.key(), holderId, period.atDay(1), period.atEndOfMonth());
		Map<String, String> titles = new HashMap<>();
		for (Line line : statement.lines()) {
			titles.put(line.videoId(), (line.title() != null) ? line.title() : line.videoId());
		}
		model.addAttribute("holderId", holderId);
		model.addAttribute("holderName", holderName(user, holderId, holders));
		model.addAttribute("statement", statement);
		model.addAttribute("empty", usage.rows().isEmpty() && statement.adjustments().isEmpty());
		model.addAttribute("chart", this.charts.json(DailyHours.of(period, usage.rows(), titles, TOP_VIDEOS).chart()));
		return "statements";
	}

	@GetMapping("/statements/statement.csv")
	ResponseEntity<byte[]> csv(@AuthenticationPrincipal PortalUser user, @RequestParam(required = false) String holder,
			@RequestParam(required = false) String month) {
		return download(user, holder, month, "statement", this.suite::statementCsv);
	}

	@GetMapping("/statements/evidence.csv")
	ResponseEntity<byte[]> evidence(@AuthenticationPrincipal PortalUser user,
			@RequestParam(required = false) String holder, @RequestParam(required = false) String month) {
		return download(user, holder, month, "evidence", this.suite::evidenceCsv);
	}

	private ResponseEntity<byte[]> download(PortalUser user, String holder, String month, String name,
			CsvSource source) {
		requireStatements(user);
		String holderId = holderId(user, holder, List.of());
		if (holderId == null) {
			throw new SuiteException.NotFound(Service.ROYALTY, "No license holder was picked");
		}
		YearMonth period = month(month);
		byte[] csv = source.csv(user.key(), holderId, period);
		return ResponseEntity.ok()
			.contentType(new MediaType("text", "csv"))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment()
						.filename(name + "-" + holderId + "-" + period + ".csv")
						.build()
						.toString())
			.body(csv);
	}

	/** One of the royalty API's CSV answers for a holder's month. */
	private interface CsvSource {

		byte[] csv(String key, String holderId, YearMonth month);

	}

	/**
	 * The holder whose statement is shown: a holder's own (another id goes to the API,
	 * which answers not found), the operator's pick or the first holder.
	 */
	private static String holderId(PortalUser user, String asked, List<HolderSummary> holders) {
		if (asked != null && !asked.isEmpty()) {
			return IdCheck.checked(asked, Service.ROYALTY, "license holder");
		}
		if (!user.isOperator()) {
			return user.tenantId();
		}
		return holders.isEmpty() ? null : holders.get(0).licenseHolderId();
	}

	/**
	 * Statements are for license holders and the operator; for others there is no such
	 * page.
	 */
	private static void requireStatements(PortalUser user) {
		if (user.kind() == PortalUser.Kind.ADVERTISER) {
			throw new SuiteException.NotFound(Service.ROYALTY, "No such page");
		}
	}

	private static String holderName(PortalUser user, String holderId, List<HolderSummary> holders) {
		if (!user.isOperator()) {
			return user.name();
		}
		return holders.stream()
			.filter((holder) -> holder.licenseHolderId().equals(holderId))
			.map(HolderSummary::name)
			.findFirst()
			.orElse(holderId);
	}

	private static String label(YearMonth month) {
		return month.format(DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH));
	}

	private YearMonth month(String month) {
		if (month == null || month.isEmpty()) {
			return YearMonth.now(this.clock.withZone(ZoneOffset.UTC));
		}
		try {
			return YearMonth.parse(month);
		}
		catch (DateTimeParseException ex) {
			throw new BadQueryException("The month must be written yyyy-MM, for example 2026-12.");
		}
	}

}
