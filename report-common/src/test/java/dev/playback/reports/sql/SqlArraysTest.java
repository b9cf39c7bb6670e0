package dev.playback.reports.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.jdbc.support.SqlArrayValue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

class SqlArraysTest {

	private record Row(String id, Integer count, Boolean flag) {
	}

	private static final List<Row> ROWS = List.of(new Row("a", 1, true), new Row(null, null, null));

	@Test
	void textIntegerAndBooleanColumnsAreTypedArraysTheDriverSendsInBinary() {
		assertThat(elements(SqlArrays.of("varchar", ROWS, Row::id))).isInstanceOf(String[].class)
			.containsExactly("a", null);
		assertThat(elements(SqlArrays.of("int8", ROWS, Row::count))).isInstanceOf(Long[].class)
			.containsExactly(1L, null);
		assertThat(elements(SqlArrays.of("int4", ROWS, Row::count))).isInstanceOf(Integer[].class)
			.containsExactly(1, null);
		assertThat(elements(SqlArrays.of("bool", ROWS, Row::flag))).isInstanceOf(Boolean[].class)
			.containsExactly(true, null);
	}

	@Test
	void aListOfIdsIsATypedArrayToo() {
		assertThat(elements(SqlArrays.of("varchar", List.of("a", "b")))).isInstanceOf(String[].class)
			.containsExactly("a", "b");
	}

	@Test
	void otherTypesArePassedAsTheyAre() {
		Object[] days = elements(SqlArrays.of("date", ROWS, (row) -> "2026-11-26"));
		assertThat(Arrays.asList(days)).containsExactly("2026-11-26", "2026-11-26");
	}

	/** What the driver is given to make the array parameter of. */
	private static Object[] elements(SqlArrayValue value) {
		try {
			PreparedStatement statement = mock(PreparedStatement.class);
			Connection connection = mock(Connection.class);
			given(statement.getConnection()).willReturn(connection);
			value.setValue(statement, 1);
			ArgumentCaptor<Object[]> elements = ArgumentCaptor.forClass(Object[].class);
			then(connection).should().createArrayOf(any(), elements.capture());
			return elements.getValue();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
