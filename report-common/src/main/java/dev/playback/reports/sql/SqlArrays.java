package dev.playback.reports.sql;

import java.util.Collection;
import java.util.function.Function;

import org.springframework.jdbc.support.SqlArrayValue;

/**
 * Rows passed to one statement as array parameters ({@code unnest(:a, :b, ...)}), which
 * PostgreSQL and YugabyteDB both take: one round trip for a whole batch.
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
		return new SqlArrayValue(type, rows.stream().map(column).toArray());
	}

}
