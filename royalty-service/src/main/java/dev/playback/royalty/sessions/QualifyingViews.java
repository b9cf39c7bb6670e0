package dev.playback.royalty.sessions;

import dev.playback.schemas.ViewingSession;

/**
 * What makes a session a qualifying view of the month it started in (docs/contract.md
 * section 3): valid traffic and at least {@value #MIN_PLAYED_MS} ms played in all.
 */
public final class QualifyingViews {

	/** A qualifying view has at least this much play. */
	public static final long MIN_PLAYED_MS = 30_000;

	private QualifyingViews() {
	}

	static boolean qualifies(ViewingSession session) {
		return session.getInvalidTraffic() == null && session.getPlayedMs() >= MIN_PLAYED_MS;
	}

}
