package dev.playback.aggregator.session;

import java.time.Duration;

/**
 * How the session topology keeps time and state.
 *
 * @param reorderWindow events behind a seq gap wait this long for it to fill
 * @param stopGrace a session closes this long after its STOP (contract: 60 s)
 * @param inactivity a session closes after this long without an event (contract: 30 min)
 * @param revisionWindow late events within this long of a closed session's last event
 * revise it (contract: 6 h)
 * @param emitInterval at most one emission per session per interval (contract: 1 s)
 * @param forgetAfter a playback whose sessions are all final is remembered this long
 * @param historyRetention final sessions stay in a user's history this long
 */
public record SessionSettings(Duration reorderWindow, Duration stopGrace, Duration inactivity, Duration revisionWindow,
		Duration emitInterval, Duration forgetAfter, Duration historyRetention) {

	/** The contract's clocks; a week of memory for playbacks and 90 days of history. */
	public static SessionSettings contract() {
		return new SessionSettings(Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofMinutes(30),
				Duration.ofHours(6), Duration.ofSeconds(1), Duration.ofDays(7), Duration.ofDays(90));
	}

}
