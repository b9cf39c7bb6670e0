package dev.playback.reports.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * CSV answers (RFC 4180): a header row, then the rows; fields quoted where they hold a
 * comma, a quote or a line break; {@code null} as an empty field; CRLF line ends.
 */
public final class CsvExport {

	private CsvExport() {
	}

	public static String of(List<String> header, List<? extends List<?>> rows) {
		StringBuilder out = new StringBuilder();
		try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180)) {
			csv.printRecord(header);
			for (List<?> row : rows) {
				csv.printRecord(row);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toString();
	}

}
