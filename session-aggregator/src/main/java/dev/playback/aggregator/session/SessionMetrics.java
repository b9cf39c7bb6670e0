package dev.playback.aggregator.session;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.playback.aggregator.session.PlaybackSessions.Changes;
import dev.playback.aggregator.session.PlaybackSessions.Outcome;
import dev.playback.schemas.InvalidTraffic;
import dev.playback.schemas.ViewingSession;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** What the session topology counts, as Prometheus sees it. */
final class SessionMetrics {

	private static final String VALID = "VALID";

	private static final List<String> TRAFFIC = List.of(VALID, InvalidTraffic.GIVT_BOT_AGENT.name(),
			InvalidTraffic.GIVT_DATACENTER.name(), InvalidTraffic.GIVT_ACTIVITY.name());

	private final Map<Outcome, Counter> events = new EnumMap<>(Outcome.class);

	private final Counter opened;

	private final Counter closed;

	private final Counter emitted;

	private final Counter finalized;

	private final Timer punctuationLag;

	private final Counter deadLettered;

	/** Each running task's count of open sessions. */
	private final Set<AtomicLong> openByTask = ConcurrentHashMap.newKeySet();

	/** Finalized sessions by traffic: valid, or the reason they are invalid. */
	private final Map<String, Counter> finalizedByTraffic = new HashMap<>();

	SessionMetrics(MeterRegistry registry) {
		for (Outcome outcome : Outcome.values()) {
			this.events.put(outcome,
					Counter.builder("sessions.events")
						.description("Heartbeats processed, by what became of them (applied, buffered behind a seq "
								+ "gap, refolded as out-of-order, duplicate, late beyond the revision window)")
						.tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
						.register(registry));
		}
		this.opened = Counter.builder("sessions.opened").description("Sessions started").register(registry);
		this.closed = Counter.builder("sessions.closed")
			.description("Sessions closed (60 s after STOP, or 30 min without events)")
			.register(registry);
		this.emitted = Counter.builder("sessions.emitted")
			.description("Session revisions written to the sessions topic")
			.register(registry);
		this.finalized = Counter.builder("sessions.finalized")
			.description("Sessions let go after the revision window; later events go to the late topic")
			.register(registry);
		for (String traffic : TRAFFIC) {
			this.finalizedByTraffic.put(traffic,
					Counter.builder("sessions.finalized.traffic")
						.description("Sessions let go after the revision window, by traffic: valid, or why they are "
								+ "general invalid traffic (kept out of statements and reports)")
						.tag("traffic", traffic)
						.register(registry));
		}
		this.deadLettered = Counter.builder("sessions.events.deadlettered")
			.description("Heartbeats against the contract's rules, sent to the dead-letter topic with the reason")
			.register(registry);
		Gauge.builder("sessions.open", this.openByTask, (tasks) -> tasks.stream().mapToLong(AtomicLong::get).sum())
			.description("Sessions open now (started, not closed yet) in this instance's active tasks")
			.register(registry);
		this.punctuationLag = Timer.builder("sessions.punctuation.lag")
			.description("How late a session timer (close, coalesced emit, let-go) fired after it was due")
			.publishPercentileHistogram()
			.register(registry);
	}

	void event(Outcome outcome) {
		this.events.get(outcome).increment();
	}

	void changes(Changes changes) {
		if (changes.opened > 0) {
			this.opened.increment(changes.opened);
		}
		if (changes.closed > 0) {
			this.closed.increment(changes.closed);
		}
		if (!changes.emitted.isEmpty()) {
			this.emitted.increment(changes.emitted.size());
		}
		if (!changes.finalized.isEmpty()) {
			this.finalized.increment(changes.finalized.size());
			for (ViewingSession session : changes.finalized) {
				InvalidTraffic reason = session.getInvalidTraffic();
				this.finalizedByTraffic.get((reason != null) ? reason.name() : VALID).increment();
			}
		}
	}

	/** Counts a task's open sessions in the gauge until {@link #taskClosed}. */
	void taskOpened(AtomicLong openSessions) {
		this.openByTask.add(openSessions);
	}

	void taskClosed(AtomicLong openSessions) {
		this.openByTask.remove(openSessions);
	}

	void deadLettered() {
		this.deadLettered.increment();
	}

	void timerFired(long lagMs) {
		this.punctuationLag.record(Math.max(0, lagMs), TimeUnit.MILLISECONDS);
	}

}
