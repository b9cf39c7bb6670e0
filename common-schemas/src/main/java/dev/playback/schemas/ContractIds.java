package dev.playback.schemas;

/**
 * The contract's id rule for heartbeats (docs/contract.md section 1: {@code playbackId},
 * {@code userId}, {@code videoId}, the ad's ids): 1 to 64 characters of
 * {@code A-Z a-z 0-9 . _ : -}. ingest-api refuses other ids with a 400; the aggregator
 * dead-letters a record that carries one.
 */
public final class ContractIds {

	/** The rule in words, for error messages. */
	public static final String RULE = "must be 1 to 64 characters of A-Z a-z 0-9 . _ : -";

	private ContractIds() {
	}

	/**
	 * Whether {@code value} is an id by the rule (checked by hand: no regex per event).
	 */
	public static boolean isValid(String value) {
		if (value == null) {
			return false;
		}
		int length = value.length();
		if (length < 1 || length > 64) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = value.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
					|| c == '_' || c == ':' || c == '-';
			if (!allowed) {
				return false;
			}
		}
		return true;
	}

}
