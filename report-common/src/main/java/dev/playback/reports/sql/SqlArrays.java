package dev.playback.reports.sql;

import java.util.Collection;
import java.util.function.Function;
import java.util.stream.Stream;

import org.springframework.jdbc.support.SqlArrayValue;

/**
 * Rows passed to one statement as array parameters ({@code unnest(:a, :b, ...)}), which
 * PostgreSQL and YugabyteDB both take: one round trip for a whole batch.
 * <p>
 * Text, integer and boolean columns are passed as typed Java arrays, which the PostgreSQL
 * driver sends in the binary array format: neither side spells each element out as text
 * and parses it back.
 */
public final class SqlArrays {

	private SqlArrays() {
	}

	/**
	 * One column of the rows.
	 * @param type the SQL element type, e.g. {@code varchar}, {@code int8},
	 * {@code timestamptz}
	 * @param rows the rows, in the order the statement should see them
	 * @param column the column's value of a row
	 */
	public static <T> SqlArrayValue of(String type, Collection<T> rows, Function<T, ?> column) {
		Stream<?> values = rows.stream().map(column);
		Object[] elements = switch (type) {
			case "varchar", "text" ->
				values.map((value) -> (value != null) ? value.toString() : null).toArray(String[]::new);
			case "int8" ->
				values.map((value) -> (value != null) ? ((Number) value).longValue() : null).toArray(Long[]::new);
			case "int4" ->
				values.map((value) -> (value != null) ? ((Number) value).intValue() : null).toArray(Integer[]::new);
			case "bool" -> values.map(Boolean.class::cast).toArray(Boolean[]::new);
			default -> values.toArray();
		};
		return new SqlArrayValue(type, elements);
	}

	/**
	 * A list of values, e.g. the ids of an {@code = ANY(:ids)}.
	 * @param type the SQL element type
	 * @param values the values, in order
	 */
	public static SqlArrayValue of(String type, Collection<?> values) {
		return of(type, values, Function.identity());
	}

}
