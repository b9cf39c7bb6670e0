package dev.playback.royalty.statement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.playback.reports.Sha256;
import dev.playback.reports.csv.CsvExport;
import dev.playback.royalty.statement.StatementArithmetic.Statement;

/**
 * A statement as its readers get it: the JSON view and the CSV. The CSV of a FINAL
 * statement is canonical: the same bytes at every read (lines by video, adjustments by
 * month, latest first, then video; titles as they were at closing; RFC 4180 with CRLF;
 * UTF-8), and its SHA-256 is the statement's digest.
 */
final class StatementDocument {

	static final List<String> CSV_HEADER = List.of("videoId", "title", "forMonth", "hoursStreamed", "qualifyingViews",
			"uniqueViewers", "amount", "currency", "invalidTrafficHours");

	private StatementDocument() {
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
	 * @param digest once FINAL, the SHA-256 of the statement's canonical CSV (the CSV
	 * answer's bytes), lowercase hex; null while PROVISIONAL and for statements closed
	 * before digests existed
	 */
	record StatementView(String licenseHolderId, String month, String status, String currency, List<LineView> lines,
			List<AdjustmentView> adjustments, String total, String digest) {
	}

	/**
	 * A change to an earlier FINAL month.
	 *
	 * @param videoId the video
	 * @param title its title: as the catalog has it now, or as it was when a FINAL
	 * statement closed
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
	 * @param title its title: as the catalog has it now, or as it was when a FINAL
	 * statement closed
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

	static StatementView view(String holderId, StatementService.Result result) {
		Statement statement = result.statement();
		Map<String, String> titles = result.titles();
		return new StatementView(holderId, statement.month().toString(), result.status(),
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
				result.total().toPlainString(), result.digest());
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

	/**
	 * SHA-256 of the statement's CSV in UTF-8, lowercase hex: what {@code sha256sum}
	 * prints.
	 */
	static String digest(StatementView view) {
		return Sha256.hex(csv(view));
	}

}
