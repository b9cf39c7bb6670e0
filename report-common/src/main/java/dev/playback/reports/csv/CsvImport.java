package dev.playback.reports.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.playback.reports.web.ProblemResponse;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import org.springframework.web.ErrorResponseException;

/**
 * A CSV bulk import, all or nothing: the body must start with the expected header, every
 * row is checked, and any bad row makes the whole import a 400 that names each bad row
 * (its line number in the body) and field.
 */
public final class CsvImport {

	/**
	 * RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks; blank
	 * lines skipped.
	 */
	static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

	private final List<List<String>> rows;

	private final List<Map<String, Object>> errors = new ArrayList<>();

	private CsvImport(List<List<String>> rows) {
		this.rows = rows;
	}

	/** Fails with 400 on broken CSV, a wrong header or too many rows. */
	public static CsvImport read(String csv, List<String> header, int maxRows) {
		List<List<String>> rows = new ArrayList<>();
		try (CSVParser parser = CSVParser.parse(csv, FORMAT)) {
			for (CSVRecord record : parser) {
				rows.add(record.toList());
			}
		}
		catch (IOException | UncheckedIOException ex) {
			throw ProblemResponse.badRequest("The body is not CSV (RFC 4180): " + ex.getMessage());
		}
		if (rows.isEmpty() || !rows.get(0).equals(header)) {
			throw ProblemResponse.badRequest("The first row must be the header " + String.join(",", header));
		}
		if (rows.size() - 1 > maxRows) {
			throw ProblemResponse.badRequest("At most " + maxRows + " rows per import");
		}
		CsvImport csvImport = new CsvImport(rows);
		for (int i = 1; i < rows.size(); i++) {
			if (rows.get(i).size() != header.size()) {
				csvImport.error(i, null, "must have " + header.size() + " fields, has " + rows.get(i).size());
			}
		}
		return csvImport;
	}

	/** The data rows (after the header) that have the header's number of fields. */
	public List<Row> rows() {
		List<Row> complete = new ArrayList<>();
		for (int i = 1; i < this.rows.size(); i++) {
			if (this.rows.get(i).size() == this.rows.get(0).size()) {
				complete.add(new Row(i, this.rows.get(i)));
			}
		}
		return complete;
	}

	/** Records that a row's field is bad. */
	public void error(int index, String field, String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("row", index + 1);
		error.put("field", field);
		error.put("message", message);
		this.errors.add(error);
	}

	public int errorCount() {
		return this.errors.size();
	}

	/**
	 * A field that holds a positive whole number or nothing: the number, {@code null}
	 * when empty, and an error recorded (answering {@code null}) otherwise.
	 */
	public Long positiveOrEmpty(Row row, int field, String name) {
		String text = row.get(field);
		if (text.isEmpty()) {
			return null;
		}
		try {
			long value = Long.parseLong(text);
			if (value > 0) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// recorded below
		}
		error(row.index(), name, "must be a positive whole number, or empty");
		return null;
	}

	/** Fails with 400 listing every error when there is any. */
	public void requireNoErrors() {
		if (!this.errors.isEmpty()) {
			ErrorResponseException ex = ProblemResponse
				.badRequest(this.errors.size() + " bad row(s); nothing was imported");
			ex.getBody().setProperty("errors", this.errors);
			throw ex;
		}
	}

	/**
	 * One data row.
	 *
	 * @param index its index in the body, the header being 0
	 * @param fields its fields
	 */
	public record Row(int index, List<String> fields) {

		public String get(int field) {
			return this.fields.get(field);
		}

	}

}
