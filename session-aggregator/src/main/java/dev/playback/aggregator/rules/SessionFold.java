package dev.playback.aggregator.rules;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.playback.schemas.DeviceType;
import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;

/**
 * One session's rules applied one event at a time, in {@code seq} order: the state a
 * stream processor keeps per open session instead of all of its events.
 * {@link SessionRules} folds whole event lists with it, so the incremental and the batch
 * answers are the same code. It keeps only numbers (no events), and writes itself to a
 * compact binary form for the state store ({@link #writeTo}, {@link #readFrom}).
 */
public final class SessionFold {

	/** The content chain: START .. STOP plus AD_START, which pauses the content. */
	private static final Set<EventType> CONTENT = EnumSet.of(EventType.START, EventType.HEARTBEAT, EventType.PAUSE,
			EventType.RESUME, EventType.SEEK, EventType.STOP, EventType.AD_START);

	private static final byte FORMAT = 1;

	private static final DeviceType[] DEVICE_TYPES = DeviceType.values();

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

	public SessionSummary summary(String sessionId) {
		List<AdSummary> adSummaries = this.ads.stream().map(AdFold::summary).toList();
		TreeMap<LocalDate, Long> days = new TreeMap<>();
		this.playedMsByEpochDay.forEach((day, played) -> days.put(LocalDate.ofEpochDay(day), played));
		return new SessionSummary(sessionId, this.identity.playbackId(), Instant.ofEpochMilli(this.startedAtMs),
				Instant.ofEpochMilli(this.lastEventAtMs), this.lastPositionMs, this.segments,
				Segments.totalLength(this.segments), this.playedMs, days, adSummaries, this.firstSeq, this.lastSeq,
				this.eventCount);
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

	/** The fold in its binary form, for a state store. */
	public void writeTo(DataOutput out) throws IOException {
		out.writeByte(FORMAT);
		this.identity.writeTo(out);
		out.writeLong(this.firstSeq);
		out.writeLong(this.startedAtMs);
		out.writeLong(this.lastSeq);
		out.writeLong(this.lastEventAtMs);
		out.writeLong(this.lastPositionMs);
		out.writeByte(this.lastType.ordinal());
		out.writeInt(this.eventCount);
		out.writeBoolean(this.playing);
		out.writeLong(this.previousContentPositionMs);
		out.writeLong(this.previousContentTimeMs);
		out.writeInt(this.segments.size());
		for (Interval segment : this.segments) {
			out.writeLong(segment.startMs());
			out.writeLong(segment.endMs());
		}
		out.writeLong(this.playedMs);
		out.writeInt(this.playedMsByEpochDay.size());
		for (Map.Entry<Long, Long> day : this.playedMsByEpochDay.entrySet()) {
			out.writeLong(day.getKey());
			out.writeLong(day.getValue());
		}
		out.writeInt(this.ads.size());
		for (AdFold ad : this.ads) {
			ad.writeTo(out);
		}
	}

	/** A fold written by {@link #writeTo}. */
	public static SessionFold readFrom(DataInput in) throws IOException {
		byte format = in.readByte();
		if (format != FORMAT) {
			throw new IOException("Unknown session state format " + format);
		}
		SessionFold fold = new SessionFold();
		fold.identity = SessionIdentity.readFrom(in);
		fold.firstSeq = in.readLong();
		fold.startedAtMs = in.readLong();
		fold.lastSeq = in.readLong();
		fold.lastEventAtMs = in.readLong();
		fold.lastPositionMs = in.readLong();
		fold.lastType = EventType.values()[in.readByte()];
		fold.eventCount = in.readInt();
		fold.playing = in.readBoolean();
		fold.previousContentPositionMs = in.readLong();
		fold.previousContentTimeMs = in.readLong();
		int segments = in.readInt();
		List<Interval> intervals = new ArrayList<>(segments);
		for (int i = 0; i < segments; i++) {
			intervals.add(new Interval(in.readLong(), in.readLong()));
		}
		fold.segments = intervals;
		fold.playedMs = in.readLong();
		int days = in.readInt();
		for (int i = 0; i < days; i++) {
			fold.playedMsByEpochDay.put(in.readLong(), in.readLong());
		}
		int ads = in.readInt();
		for (int i = 0; i < ads; i++) {
			fold.ads.add(AdFold.readFrom(in));
		}
		return fold;
	}

	static DeviceType deviceType(int ordinal) {
		return (ordinal < 0) ? null : DEVICE_TYPES[ordinal];
	}

	/** One ad playback: the interval rule on the ad's own playhead, with 5 s steps. */
	private static final class AdFold {

		private final String adPlaybackId;

		private final String adId;

		private final long startedAtMs;

		/** The previous event's ad playhead, -1 before the first one. */
		private long previousPositionMs = -1;

		private long previousTimeMs;

		private long played;

		private long run;

		private long maxRun;

		private long maxPosition;

		private long duration;

		private boolean completeEvent;

		private boolean skipped;

		private boolean clicked;

		AdFold(String adPlaybackId, String adId, long startedAtMs) {
			this.adPlaybackId = adPlaybackId;
			this.adId = adId;
			this.startedAtMs = startedAtMs;
		}

		void apply(Heartbeat event, long timeMs) {
			long position = event.getAd().getPositionMs();
			this.duration = event.getAd().getDurationMs();
			this.completeEvent |= event.getType() == EventType.AD_COMPLETE;
			this.skipped |= event.getType() == EventType.AD_SKIP;
			this.clicked |= event.getType() == EventType.AD_CLICK;
			if (this.previousPositionMs >= 0) {
				long dt = timeMs - this.previousTimeMs;
				long dp = position - this.previousPositionMs;
				if (SessionRules.credited(dp, dt, SessionRules.MAX_AD_STEP_MS)) {
					this.played += dp;
					this.run += dp;
					this.maxRun = Math.max(this.maxRun, this.run);
					this.maxPosition = Math.max(this.maxPosition, position);
				}
				else {
					this.run = 0;
				}
			}
			this.previousPositionMs = position;
			this.previousTimeMs = timeMs;
		}

		AdSummary summary() {
			boolean completed = this.completeEvent
					|| this.maxPosition >= this.duration - SessionRules.AD_COMPLETE_MARGIN_MS;
			return new AdSummary(this.adPlaybackId, this.adId, this.duration, Instant.ofEpochMilli(this.startedAtMs),
					this.played, this.maxRun, this.maxPosition, completed, this.skipped, this.clicked);
		}

		void writeTo(DataOutput out) throws IOException {
			out.writeUTF(this.adPlaybackId);
			out.writeUTF(this.adId);
			out.writeLong(this.startedAtMs);
			out.writeLong(this.previousPositionMs);
			out.writeLong(this.previousTimeMs);
			out.writeLong(this.played);
			out.writeLong(this.run);
			out.writeLong(this.maxRun);
			out.writeLong(this.maxPosition);
			out.writeLong(this.duration);
			out.writeByte((this.completeEvent ? 1 : 0) | (this.skipped ? 2 : 0) | (this.clicked ? 4 : 0));
		}

		static AdFold readFrom(DataInput in) throws IOException {
			AdFold ad = new AdFold(in.readUTF(), in.readUTF(), in.readLong());
			ad.previousPositionMs = in.readLong();
			ad.previousTimeMs = in.readLong();
			ad.played = in.readLong();
			ad.run = in.readLong();
			ad.maxRun = in.readLong();
			ad.maxPosition = in.readLong();
			ad.duration = in.readLong();
			int flags = in.readByte();
			ad.completeEvent = (flags & 1) != 0;
			ad.skipped = (flags & 2) != 0;
			ad.clicked = (flags & 4) != 0;
			return ad;
		}

	}

}
