package dev.playback.reports.catalog;

import java.util.regex.Pattern;
import dev.playback.reports.web.ProblemResponse;

/**
 * Catalog ids: 1 to 64 characters of {@code A-Z a-z 0-9 . _ : -} (the contract's id
 * alphabet) with at least one letter or digit, so that no id is {@code .} or {@code ..},
 * which proxies and clients rewrite in URL paths.
 */
public final class IdRule {

	public static final String RULE = "must be 1 to 64 characters of A-Z a-z 0-9 . _ : - with a letter or digit";

	private static final Pattern ID = Pattern.compile("(?=.*[A-Za-z0-9])[A-Za-z0-9._:-]{1,64}");

	private IdRule() {
	}

	public static boolean isValid(String id) {
		return id != null && ID.matcher(id).matches();
	}

	/** The id, or a 400 naming the field. */
	public static String check(String field, String id) {
		if (!isValid(id)) {
			throw ProblemResponse.badRequest(field + " " + RULE);
		}
		return id;
	}

}
