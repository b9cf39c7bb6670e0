package dev.playback.reports.csv;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: fields separated by commas, a field in double quotes may hold commas,
 * line breaks and doubled quotes. Lines end with CRLF or LF.
 */
public final class CsvRows {

	private CsvRows() {
	}

	/** The rows of {@code text}, each a list of fields; blank lines are skipped. */
	public static List<List<String>> parse(String text) {
		List<List<String>> rows = new ArrayList<>();
		List<String> row = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		boolean fieldStarted = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
					field.append('"');
					i++;
				}
				else if (c == '"') {
					quoted = false;
				}
				else {
					field.append(c);
				}
			}
			else if (c == '"' && field.length() == 0) {
				quoted = true;
				fieldStarted = true;
			}
			else if (c == ',') {
				row.add(field.toString());
				field.setLength(0);
				fieldStarted = true;
			}
			else if (c == '\n' || c == '\r') {
				if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
					i++;
				}
				endRow(rows, row, field, fieldStarted);
				row = new ArrayList<>();
				fieldStarted = false;
			}
			else {
				field.append(c);
				fieldStarted = true;
			}
		}
		if (quoted) {
			throw new IllegalArgumentException("A quoted field is not closed");
		}
		endRow(rows, row, field, fieldStarted);
		return rows;
	}

	private static void endRow(List<List<String>> rows, List<String> row, StringBuilder field, boolean started) {
		if (started || !row.isEmpty()) {
			row.add(field.toString());
			rows.add(row);
		}
		field.setLength(0);
	}

}
