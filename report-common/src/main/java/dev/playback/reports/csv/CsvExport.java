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

	/**
	 * A printer of RFC 4180 rows onto {@code out}, the header already printed: for
	 * exports streamed row by row.
	 */
	public static CSVPrinter streaming(Appendable out, List<String> header) throws IOException {
		CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180);
		csv.printRecord(header);
		return csv;
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
