package dev.playback.royalty.statement;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.YearMonth;
import java.util.Currency;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.playback.royalty.statement.StatementArithmetic.Adjustment;
import dev.playback.royalty.statement.StatementArithmetic.Line;
import dev.playback.royalty.statement.StatementArithmetic.Statement;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The canonical CSV of a statement and its digest. */
class StatementDocumentTest {

	static final YearMonth MAY = YearMonth.of(2025, 5);

	@Test
	void theDigestIsTheSha256OfTheCsvAndTheSameForTheSameStatement() throws Exception {
		StatementDocument.StatementView view = StatementDocument.view("holder", result("Film 1", 3_600_000, "2.00"));
		String csv = StatementDocument.csv(view);
		assertThat(csv).isEqualTo("""
				videoId,title,forMonth,hoursStreamed,qualifyingViews,uniqueViewers,amount,currency,invalidTrafficHours\r
				film-1,Film 1,2025-05,1.000000,3,2,2.00,EUR,0.500000\r
				film-1,Film 1,2025-04,-0.000278,-1,0,-0.01,EUR,0.000000\r
				""");
		assertThat(StatementDocument.digest(view))
			.isEqualTo(HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(csv.getBytes(StandardCharsets.UTF_8))))
			.isEqualTo(StatementDocument.digest(StatementDocument.view("holder", result("Film 1", 3_600_000, "2.00"))));
	}

	@Test
	void anyChangeToAFigureOrATitleChangesTheDigest() {
		String digest = StatementDocument.digest(StatementDocument.view("holder", result("Film 1", 3_600_000, "2.00")));
		assertThat(List.of(result("Film 1", 3_603_600, "2.00"), result("Film 1", 3_600_000, "2.01"),
				result("Film 1 ", 3_600_000, "2.00"), result("Film 2", 3_600_000, "2.00")))
			.allSatisfy((changed) -> assertThat(StatementDocument.digest(StatementDocument.view("holder", changed)))
				.isNotEqualTo(digest));
	}

	private static StatementService.Result result(String title, long playedMs, String amount) {
		Line line = new Line("film-1", playedMs, StatementArithmetic.hours(playedMs), 3, 2, new BigDecimal(amount),
				1_800_000);
		Adjustment adjustment = new Adjustment("film-1", MAY.minusMonths(1), -1_000, -1, 0, new BigDecimal("-0.01"), 0);
		Currency euro = Currency.getInstance("EUR");
		return new StatementService.Result("FINAL", new Statement(MAY, euro, List.of(line), line.amount()),
				List.of(adjustment), line.amount().add(adjustment.amount()), Map.of("film-1", title), "ignored");
	}

}
