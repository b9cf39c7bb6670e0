package dev.playback.reports.csv;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CsvRowsTest {

	@Test
	void quotedFieldsHoldCommasQuotesAndLineBreaks() {
		assertThat(CsvRows.parse("a,b,c\r\nv1,\"Hello, \"\"World\"\"\",\r\n\nv2,\"two\nlines\",5\n")).containsExactly(
				List.of("a", "b", "c"), List.of("v1", "Hello, \"World\"", ""), List.of("v2", "two\nlines", "5"));
	}

	@Test
	void aLastLineWithoutLineBreakAndEmptyFieldsCount() {
		assertThat(CsvRows.parse("x,,\ny")).containsExactly(List.of("x", "", ""), List.of("y"));
		assertThat(CsvRows.parse("")).isEmpty();
	}

	@Test
	void anUnclosedQuoteIsAnError() {
		assertThatIllegalArgumentException().isThrownBy(() -> CsvRows.parse("a,\"b\n"));
	}

}
