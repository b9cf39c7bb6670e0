package dev.playback.reports.catalog;

import dev.playback.reports.web.ProblemResponse;

/**
 * Free text of the catalogs (names, titles): any Unicode except control characters
 * (U+0000-U+001F, U+007F-U+009F) and lone surrogates. PostgreSQL refuses a NUL in text,
 * and a lone surrogate cannot be encoded as UTF-8 (the driver would store a {@code ?}),
 * so both are refused with a clear 400 before they reach the database.
 */
public final class TextRule {

	public static final String RULE = "must be text without control characters or unpaired surrogates";

	private TextRule() {
	}

	public static boolean isValid(String text) {
		if (text == null) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isISOControl(c)) {
				return false;
			}
			if (Character.isHighSurrogate(c)) {
				if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
					return false;
				}
				i++;
			}
			else if (Character.isLowSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

	/** The text, or a 400 naming the field. */
	public static String check(String field, String text) {
		if (!isValid(text)) {
			throw ProblemResponse.badRequest(field + " " + RULE);
		}
		return text;
	}

}
