package dev.playback.aggregator.rules;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;

/**
 * One session's rules applied one event at a time, in {@code seq} order: the state a
 * stream processor keeps per open session instead of all of its events.
 * {@link SessionRules} folds whole event lists with it, so the incremental and the batch
 * answers are the same code.
 */
public final class SessionFold {

	/** The content chain: START .. STOP plus AD_START, which pauses the content. */
	private static final Set<EventType> CONTENT = EnumSet.of(EventType.START, EventType.HEARTBEAT, EventType.PAUSE,
			EventType.RESUME, EventType.SEEK, EventType.STOP, EventType.AD_START);

	private final Heartbeat first;

	private Heartbeat last;

	private int eventCount;

	private boolean playing;

	private Heartbeat previousContent;

	private List<Interval> segments = List.of();

	private long playedMs;

	private final TreeMap<LocalDate, Long> playedMsByDay = new TreeMap<>();

	private final Map<String, AdFold> ads = new LinkedHashMap<>();

	private SessionFold(Heartbeat first) {
		this.first = first;
	}

	/** A session that begins with {@code first}. */
	public static SessionFold startingWith(Heartbeat first) {
		SessionFold fold = new SessionFold(first);
		fold.apply(first);
		return fold;
	}

	/**
	 * Takes the session's next event in seq order.
	 * @throws IllegalArgumentException when {@code next} does not come after the last
	 * event
	 */
	public void apply(Heartbeat next) {
		if (this.last != null && next.getSeq() <= this.last.getSeq()) {
			throw new IllegalArgumentException(
					"Events are folded in seq order: " + next.getSeq() + " after " + this.last.getSeq());
		}
		if (CONTENT.contains(next.getType())) {
			if (this.previousContent != null && this.playing) {
				creditContent(this.previousContent, next);
			}
			this.playing = SessionRules.playingAfter(this.playing, next.getType());
			this.previousContent = next;
		}
		if (next.getAd() != null) {
			this.ads.computeIfAbsent(next.getAd().getAdPlaybackId(), (id) -> new AdFold(next)).apply(next);
		}
		this.last = next;
		this.eventCount++;
	}

	/**
	 * Whether {@code next} belongs to another session: 30 minutes passed since the last
	 * event.
	 */
	public boolean endsBefore(Heartbeat next) {
		return SessionRules.apartMoreThanSplitGap(this.last, next);
	}

	public long lastSeq() {
		return this.last.getSeq();
	}

	public SessionSummary summary(String sessionId) {
		List<AdSummary> adSummaries = this.ads.values().stream().map(AdFold::summary).toList();
		return new SessionSummary(sessionId, this.first.getPlaybackId(), this.first.getEventTime(),
				this.last.getEventTime(), this.last.getPositionMs(), this.segments, Segments.totalLength(this.segments),
				this.playedMs, new TreeMap<>(this.playedMsByDay), adSummaries, this.first.getSeq(), this.last.getSeq(),
				this.eventCount);
	}

	private void creditContent(Heartbeat a, Heartbeat b) {
		long dp = SessionRules.credit(a, b);
		if (dp > 0) {
			List<Interval> withNew = new ArrayList<>(this.segments);
			withNew.add(new Interval(a.getPositionMs(), a.getPositionMs() + dp));
			this.segments = Segments.union(withNew);
			this.playedMs += dp;
			this.playedMsByDay.merge(b.getEventTime().atZone(ZoneOffset.UTC).toLocalDate(), dp, Long::sum);
		}
	}

	/** One ad playback: the interval rule on the ad's own playhead, with 5 s steps. */
	private static final class AdFold {

		private final Heartbeat first;

		private Heartbeat previous;

		private long played;

		private long run;

		private long maxRun;

		private long maxPosition;

		private long duration;

		private boolean completeEvent;

		private boolean skipped;

		private boolean clicked;

		AdFold(Heartbeat first) {
			this.first = first;
		}

		void apply(Heartbeat event) {
			this.duration = event.getAd().getDurationMs();
			this.completeEvent |= event.getType() == EventType.AD_COMPLETE;
			this.skipped |= event.getType() == EventType.AD_SKIP;
			this.clicked |= event.getType() == EventType.AD_CLICK;
			if (this.previous != null) {
				long dt = Duration.between(this.previous.getEventTime(), event.getEventTime()).toMillis();
				long dp = event.getAd().getPositionMs() - this.previous.getAd().getPositionMs();
				if (SessionRules.credited(dp, dt, SessionRules.MAX_AD_STEP_MS)) {
					this.played += dp;
					this.run += dp;
					this.maxRun = Math.max(this.maxRun, this.run);
					this.maxPosition = Math.max(this.maxPosition, event.getAd().getPositionMs());
				}
				else {
					this.run = 0;
				}
			}
			this.previous = event;
		}

		AdSummary summary() {
			boolean completed = this.completeEvent
					|| this.maxPosition >= this.duration - SessionRules.AD_COMPLETE_MARGIN_MS;
			return new AdSummary(this.first.getAd().getAdPlaybackId(), this.first.getAd().getAdId(), this.duration,
					this.first.getEventTime(), this.played, this.maxRun, this.maxPosition, completed, this.skipped,
					this.clicked);
		}

	}

}
