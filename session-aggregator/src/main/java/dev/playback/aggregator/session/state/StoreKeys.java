package dev.playback.aggregator.session.state;

/**
 * Keys of the aggregator's state stores. Identifiers never contain a space
 * (docs/contract.md section 1), so a space separates the parts, and numbers are
 * zero-padded to 19 digits so that the stores' byte order is numeric order: a playback's
 * events scan in seq order, a user's history in time order, the timer index in due order.
 */
public final class StoreKeys {

	private static final int DIGITS = 19;

	private StoreKeys() {
	}

	/** A playback of a user: its state, and the prefix of its events. */
	public static String playback(String userId, String playbackId) {
		return userId + ' ' + playbackId;
	}

	/**
	 * Everything of one user in a store keyed by {@link #playback} or {@link #history}.
	 */
	public static String userPrefix(String userId) {
		return userId + ' ';
	}

	static String userOf(String playbackKey) {
		return playbackKey.substring(0, playbackKey.indexOf(' '));
	}

	static String playbackOf(String playbackKey) {
		return playbackKey.substring(playbackKey.indexOf(' ') + 1);
	}

	/**
	 * A playback's events stored under a seq: one event each until format 1 of the
	 * playback state, a chunk of events under the last one's seq since.
	 */
	public static String event(String playbackKey, long seq) {
		return padded(new StringBuilder(playbackKey.length() + DIGITS + 1).append(playbackKey).append(' '), seq)
			.toString();
	}

	/** The seq of an {@link #event} key. */
	static long eventSeq(String eventKey) {
		return Long.parseLong(eventKey, eventKey.length() - DIGITS, eventKey.length(), 10);
	}

	/** A timer of a playback's state ({@code kind} P) or of a history entry (H). */
	public static String timer(long dueMs, char kind, String key) {
		return padded(new StringBuilder(DIGITS + key.length() + 3), Math.max(0, dueMs)).append(' ')
			.append(kind)
			.append(' ')
			.append(key)
			.toString();
	}

	/** The last timer key due at {@code nowMs}. */
	public static String timersUpTo(long nowMs) {
		return padded(new StringBuilder(DIGITS + 1), Math.max(0, nowMs)).append('~').toString();
	}

	public static char timerKind(String timerKey) {
		return timerKey.charAt(DIGITS + 1);
	}

	public static long timerDue(String timerKey) {
		return Long.parseLong(timerKey, 0, DIGITS, 10);
	}

	public static String timerTarget(String timerKey) {
		return timerKey.substring(DIGITS + 3);
	}

	/** A closed session in a user's viewing history, in order of its start. */
	public static String history(String userId, long startedAtMs, String sessionId) {
		return padded(new StringBuilder(userId.length() + DIGITS + sessionId.length() + 2).append(userId).append(' '),
				Math.max(0, startedAtMs))
			.append(' ')
			.append(sessionId)
			.toString();
	}

	private static StringBuilder padded(StringBuilder builder, long value) {
		String digits = Long.toString(value);
		for (int i = digits.length(); i < DIGITS; i++) {
			builder.append('0');
		}
		return builder.append(digits);
	}

}
