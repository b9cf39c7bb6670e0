package dev.playback.reports.csv;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvImportTest {

	private static final List<String> HEADER = List.of("a", "b", "c");

	@Test
	void quotedFieldsHoldCommasQuotesAndLineBreaksAndBlankLinesAreSkipped() {
		CsvImport csv = CsvImport.read("a,b,c\r\nv1,\"Hello, \"\"World\"\"\",\r\n\nv2,\"two\nlines\",5\n", HEADER, 10);
		assertThat(csv.rows()).extracting(CsvImport.Row::fields)
			.containsExactly(List.of("v1", "Hello, \"World\"", ""), List.of("v2", "two\nlines", "5"));
		assertThat(csv.errorCount()).isZero();
	}

	@Test
	void aLastLineWithoutLineBreakCountsAndARowOfAnotherWidthIsAnError() {
		CsvImport csv = CsvImport.read("a,b,c\nx,,\ny", HEADER, 10);
		assertThat(csv.rows()).extracting(CsvImport.Row::fields).containsExactly(List.of("x", "", ""));
		assertThat(csv.errorCount()).isOne();
		assertThatThrownBy(csv::requireNoErrors).isInstanceOf(ErrorResponseException.class)
			.satisfies(
					(ex) -> assertThat(((ErrorResponseException) ex).getBody().getProperties().get("errors")).asString()
						.contains("row=3", "must have 3 fields, has 1"));
	}

	@Test
	void anUnclosedQuoteAWrongHeaderOrTooManyRowsAreA400() {
		for (String body : List.of("a,b,c\nx,\"y\n", "a,b\nx,y", "", "a,b,c\n1,2,3\n4,5,6\n7,8,9")) {
			assertThatThrownBy(() -> CsvImport.read(body, HEADER, 2)).as(body)
				.isInstanceOf(ErrorResponseException.class)
				.satisfies((ex) -> assertThat(((ErrorResponseException) ex).getStatusCode().value()).isEqualTo(400));
		}
	}

}
