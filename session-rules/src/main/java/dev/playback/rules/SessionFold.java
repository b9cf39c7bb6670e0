package dev.playback.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.InvalidTraffic;
import dev.playback.schemas.TrafficClass;

/**
 * One session's rules applied one event at a time, in {@code seq} order: the state a
 * stream processor keeps per open session instead of all of its events.
 * {@link SessionRules} folds whole event lists with it, so the incremental and the batch
 * answers are the same code. It keeps only numbers (no events); a state store keeps its
 * {@link #state()} and makes it again with {@link #of(State)} (the encoding is the
 * store's).
 */
public final class SessionFold {

	/** The content chain: START .. STOP plus AD_START, which pauses the content. */
	private static final Set<EventType> CONTENT = EnumSet.of(EventType.START, EventType.HEARTBEAT, EventType.PAUSE,
			EventType.RESUME, EventType.SEEK, EventType.STOP, EventType.AD_START);

	private SessionIdentity identity;

	private long firstSeq;

	private long startedAtMs;

	private long lastSeq;

	private long lastEventAtMs;

	private long lastPositionMs;

	private EventType lastType;

	private int eventCount;

	private boolean playing;

	/** The previous content event, -1 before the first one. */
	private long previousContentPositionMs = -1;

	private long previousContentTimeMs;

	private List<Interval> segments = List.of();

	private long playedMs;

	private final TreeMap<Long, Long> playedMsByEpochDay = new TreeMap<>();

	private final List<AdFold> ads = new ArrayList<>(0);

	/** The first reason in seq order the session is invalid traffic; null while valid. */
	private InvalidTraffic invalidTraffic;

	/**
	 * Event times of the latest consecutive events (in seq order) that lie within
	 * {@link SessionRules#ACTIVITY_WINDOW_MS} of each other, oldest first; empty once the
	 * session is invalid.
	 */
	private long[] activityTimes = NO_TIMES;

	private static final long[] NO_TIMES = new long[0];

	private SessionFold() {
	}

	/** A session that begins with {@code first}. */
	public static SessionFold startingWith(Heartbeat first) {
		SessionFold fold = new SessionFold();
		fold.identity = SessionIdentity.of(first);
		fold.firstSeq = first.getSeq();
		fold.startedAtMs = first.getEventTime().toEpochMilli();
		fold.lastSeq = first.getSeq() - 1;
		fold.apply(first);
		return fold;
	}

	/**
	 * Takes the session's next event in seq order.
	 * @throws IllegalArgumentException when {@code next} does not come after the last
	 * event
	 */
	public void apply(Heartbeat next) {
		if (this.eventCount > 0 && next.getSeq() <= this.lastSeq) {
			throw new IllegalArgumentException(
					"Events are folded in seq order: " + next.getSeq() + " after " + this.lastSeq);
		}
		long time = next.getEventTime().toEpochMilli();
		if (CONTENT.contains(next.getType())) {
			if (this.previousContentPositionMs >= 0 && this.playing) {
				creditContent(next, time);
			}
			this.playing = SessionRules.playingAfter(this.playing, next.getType());
			this.previousContentPositionMs = next.getPositionMs();
			this.previousContentTimeMs = time;
		}
		if (next.getAd() != null) {
			adFold(next).apply(next, time);
		}
		if (this.invalidTraffic == null) {
			this.invalidTraffic = invalidBy(next.getTrafficClass());
		}
		if (this.invalidTraffic == null) {
			trackActivity(time);
		}
		else {
			this.activityTimes = NO_TIMES;
		}
		this.identity = this.identity.with(next);
		this.lastSeq = next.getSeq();
		this.lastEventAtMs = time;
		this.lastPositionMs = next.getPositionMs();
		this.lastType = next.getType();
		this.eventCount++;
	}

	/**
	 * Whether {@code next} belongs to another session: more than 30 minutes between the
	 * last event and it.
	 */
	public boolean endsBefore(Heartbeat next) {
		return Math.abs(next.getEventTime().toEpochMilli() - this.lastEventAtMs) > SessionRules.SPLIT_GAP.toMillis();
	}

	public long firstSeq() {
		return this.firstSeq;
	}

	public long lastSeq() {
		return this.lastSeq;
	}

	/** The type of the session's last event in seq order. */
	public EventType lastType() {
		return this.lastType;
	}

	public Instant startedAt() {
		return Instant.ofEpochMilli(this.startedAtMs);
	}

	public Instant lastEventAt() {
		return Instant.ofEpochMilli(this.lastEventAtMs);
	}

	public SessionIdentity identity() {
		return this.identity;
	}

	/**
	 * Why the session is invalid traffic, the first reason in seq order; null if valid.
	 */
	public InvalidTraffic invalidTraffic() {
		return this.invalidTraffic;
	}

	private static InvalidTraffic invalidBy(TrafficClass trafficClass) {
		if (trafficClass == null) {
			return null;
		}
		return switch (trafficClass) {
			case VALID -> null;
			case GIVT_BOT_AGENT -> InvalidTraffic.GIVT_BOT_AGENT;
			case GIVT_DATACENTER -> InvalidTraffic.GIVT_DATACENTER;
		};
	}

	/**
	 * The activity rule: more than {@link SessionRules#ACTIVITY_EVENTS} consecutive
	 * events (in seq order) whose event times all lie within
	 * {@link SessionRules#ACTIVITY_WINDOW_MS} of each other make the session invalid
	 * ({@code GIVT_ACTIVITY}). Keeps the times of the longest such run that ends with
	 * this event: an earlier event that lies further than the window from a later one can
	 * be in no such run that goes on from here.
	 */
	private void trackActivity(long timeMs) {
		long[] times = this.activityTimes;
		int from = 0;
		while (from < times.length && spread(times, from, timeMs) > SessionRules.ACTIVITY_WINDOW_MS) {
			from++;
		}
		if (times.length - from + 1 > SessionRules.ACTIVITY_EVENTS) {
			this.invalidTraffic = InvalidTraffic.GIVT_ACTIVITY;
			this.activityTimes = NO_TIMES;
			return;
		}
		long[] kept = new long[times.length - from + 1];
		System.arraycopy(times, from, kept, 0, times.length - from);
		kept[kept.length - 1] = timeMs;
		this.activityTimes = kept;
	}

	/** Largest minus smallest of {@code times[from..]} and {@code timeMs}. */
	private static long spread(long[] times, int from, long timeMs) {
		long min = timeMs;
		long max = timeMs;
		for (int i = from; i < times.length; i++) {
			min = Math.min(min, times[i]);
			max = Math.max(max, times[i]);
		}
		return max - min;
	}

	public SessionSummary summary(String sessionId) {
		List<AdSummary> adSummaries = this.ads.stream().map(AdFold::summary).toList();
		TreeMap<LocalDate, Long> days = new TreeMap<>();
		this.playedMsByEpochDay.forEach((day, played) -> days.put(LocalDate.ofEpochDay(day), played));
		return new SessionSummary(sessionId, this.identity.playbackId(), Instant.ofEpochMilli(this.startedAtMs),
				Instant.ofEpochMilli(this.lastEventAtMs), this.lastPositionMs, this.segments,
				Segments.totalLength(this.segments), this.playedMs, days, adSummaries, this.firstSeq, this.lastSeq,
				this.eventCount, this.invalidTraffic);
	}

	private void creditContent(Heartbeat b, long bTimeMs) {
		long dp = SessionRules.credit(this.previousContentPositionMs, this.previousContentTimeMs, b);
		if (dp > 0) {
			this.segments = Segments.add(this.segments,
					new Interval(this.previousContentPositionMs, this.previousContentPositionMs + dp));
			this.playedMs += dp;
			this.playedMsByEpochDay.merge(Math.floorDiv(bTimeMs, 86_400_000L), dp, Long::sum);
		}
	}

	private AdFold adFold(Heartbeat event) {
		String adPlaybackId = event.getAd().getAdPlaybackId();
		for (AdFold ad : this.ads) {
			if (ad.adPlaybackId.equals(adPlaybackId)) {
				return ad;
			}
		}
		AdFold ad = new AdFold(adPlaybackId, event.getAd().getAdId(), event.getEventTime().toEpochMilli());
		this.ads.add(ad);
		return ad;
	}

	/**
	 * Everything the fold holds, for a state store to keep between events.
	 *
	 * @param identity who watched what, where
	 * @param firstSeq seq of the session's first event
	 * @param startedAtMs eventTime of the first event
	 * @param lastSeq seq of the last event folded
	 * @param lastEventAtMs eventTime of the last event
	 * @param lastPositionMs positionMs of the last event
	 * @param lastType type of the last event
	 * @param eventCount events folded
	 * @param playing whether a content run is open
	 * @param previousContentPositionMs the previous content event's position, -1 before
	 * the first
	 * @param previousContentTimeMs the previous content event's time
	 * @param segments watched intervals, merged
	 * @param playedMs credited play
	 * @param playedMsByEpochDay credited play by UTC epoch day
	 * @param ads the ad playbacks, in order of first event
	 * @param invalidTraffic the first reason the session is invalid traffic, null while
	 * valid
	 * @param activityTimes event times of the latest consecutive events within the
	 * activity window of each other, oldest first (empty once invalid)
	 */
	public record State(SessionIdentity identity, long firstSeq, long startedAtMs, long lastSeq, long lastEventAtMs,
			long lastPositionMs, EventType lastType, int eventCount, boolean playing, long previousContentPositionMs,
			long previousContentTimeMs, List<Interval> segments, long playedMs,
			SortedMap<Long, Long> playedMsByEpochDay, List<AdState> ads, InvalidTraffic invalidTraffic,
			long[] activityTimes) {
	}

	/**
	 * Everything one ad playback's fold holds.
	 *
	 * @param adPlaybackId the player's id of the ad playback
	 * @param adId the ad
	 * @param startedAtMs eventTime of its first event
	 * @param previousPositionMs the previous event's ad playhead, -1 before the first
	 * @param previousTimeMs the previous event's time
	 * @param played credited ad play
	 * @param run the current continuous run
	 * @param maxRun the longest continuous run
	 * @param maxPosition the furthest credited playhead
	 * @param duration the ad's length, as last sent
	 * @param completeEvent AD_COMPLETE seen
	 * @param skipped AD_SKIP seen
	 * @param clicked AD_CLICK seen
	 * @param unmeasured an event without viewablePercent seen
	 * @param previousInView the previous event reported viewablePercent >= 50
	 * @param viewRun the current continuous run whose events all reported >= 50
	 * @param viewable a run of at least 2,000 ms in view seen
	 * @param adServingId the VAST AdServingId as last sent, or null
	 */
	public record AdState(String adPlaybackId, String adId, long startedAtMs, long previousPositionMs,
			long previousTimeMs, long played, long run, long maxRun, long maxPosition, long duration,
			boolean completeEvent, boolean skipped, boolean clicked, boolean unmeasured, boolean previousInView,
			long viewRun, boolean viewable, String adServingId) {
	}

	/**
	 * The fold's state, for a state store (the map and lists are the fold's own, read
	 * only).
	 */
	public State state() {
		List<AdState> adStates = new ArrayList<>(this.ads.size());
		for (AdFold ad : this.ads) {
			adStates.add(ad.state());
		}
		return new State(this.identity, this.firstSeq, this.startedAtMs, this.lastSeq, this.lastEventAtMs,
				this.lastPositionMs, this.lastType, this.eventCount, this.playing, this.previousContentPositionMs,
				this.previousContentTimeMs, this.segments, this.playedMs,
				Collections.unmodifiableSortedMap(this.playedMsByEpochDay), adStates, this.invalidTraffic,
				this.activityTimes.clone());
	}

	/** The fold a state store kept. */
	public static SessionFold of(State state) {
		SessionFold fold = new SessionFold();
		fold.identity = state.identity();
		fold.firstSeq = state.firstSeq();
		fold.startedAtMs = state.startedAtMs();
		fold.lastSeq = state.lastSeq();
		fold.lastEventAtMs = state.lastEventAtMs();
		fold.lastPositionMs = state.lastPositionMs();
		fold.lastType = state.lastType();
		fold.eventCount = state.eventCount();
		fold.playing = state.playing();
		fold.previousContentPositionMs = state.previousContentPositionMs();
		fold.previousContentTimeMs = state.previousContentTimeMs();
		fold.segments = List.copyOf(state.segments());
		fold.playedMs = state.playedMs();
		fold.playedMsByEpochDay.putAll(state.playedMsByEpochDay());
		for (AdState ad : state.ads()) {
			fold.ads.add(AdFold.of(ad));
		}
		fold.invalidTraffic = state.invalidTraffic();
		fold.activityTimes = (state.activityTimes().length == 0) ? NO_TIMES : state.activityTimes().clone();
		return fold;
	}

}
