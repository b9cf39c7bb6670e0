package dev.playback.aggregator.session.state;

import java.io.DataInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.playback.schemas.AdInfo;
import dev.playback.schemas.BufferDataOutput;
import dev.playback.schemas.DeviceType;
import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.TrafficClass;

/**
 * Events of one playback in seq order, in a compact form: what the session rules read of
 * each, a dozen bytes or so for a content heartbeat instead of the hundred and more of
 * its Avro binary. Each event is written against the run's <em>reference</em> (the first
 * event put into the run): its video, device and country are a flag when they are the
 * reference's, its event time a difference from the reference's, its receive time a
 * difference from its event time; its playback and user come from the key the run is
 * stored under. The event id, which only traces a request (docs/contract.md section 1),
 * is not kept: an event read back has an empty one. Since format 2 an event may carry an
 * extras byte (flagged in the high bit of its type byte): its traffic class when not
 * VALID, its ad's viewablePercent and AdServingId; a VALID content heartbeat has none,
 * and its bytes are those of format 1, which reads back as VALID and unmeasured.
 * <p>
 * Events stay encoded until they are read ({@link #get}, {@link #addRange}), so a run
 * goes in and out of its bytes without decoding them.
 */
public final class EventRun {

	private static final byte FORMAT = 2;

	private static final byte FORMAT_WITHOUT_EXTRAS = 1;

	private static final TrafficClass[] TRAFFIC_CLASSES = TrafficClass.values();

	/** In the type byte: an extras byte follows the event's numbers. */
	private static final int EXTRAS = 1 << 7;

	/**
	 * In the extras byte: the traffic class's ordinal in the low two bits, then these.
	 */
	private static final int VIEWABLE_PERCENT = 1 << 2;

	private static final int AD_SERVING_ID = 1 << 3;

	private static final EventType[] TYPES = EventType.values();

	private static final DeviceType[] DEVICE_TYPES = DeviceType.values();

	private static final int VIDEO_LITERAL = 1;

	private static final int DEVICE_SHIFT = 1;

	private static final int COUNTRY_SHIFT = 3;

	/** Two-bit codes of an optional string: absent, the reference's, written out. */
	private static final int ABSENT = 0;

	private static final int AS_REFERENCE = 1;

	private static final int LITERAL = 2;

	private static final int FROM_POSITION = 1 << 5;

	private static final int VIDEO_DURATION = 1 << 6;

	private static final int AD = 1 << 7;

	private final String videoId;

	private final String deviceId;

	private final String country;

	private final long baseTimeMs;

	/** Ascending by seq, no seq twice. */
	private final List<Encoded> events;

	/** One event: its seq and its body, written against the run's reference. */
	record Encoded(long seq, byte[] body) {
	}

	private EventRun(String videoId, String deviceId, String country, long baseTimeMs, List<Encoded> events) {
		this.videoId = videoId;
		this.deviceId = deviceId;
		this.country = country;
		this.baseTimeMs = baseTimeMs;
		this.events = events;
	}

	/** An empty run whose reference is {@code first} (which is not put into it). */
	static EventRun referring(Heartbeat first) {
		return new EventRun(first.getVideoId(), first.getDeviceId(), first.getCountry(),
				first.getEventTime().toEpochMilli(), new ArrayList<>(ChunkedEventLog.CHUNK_EVENTS));
	}

	public int size() {
		return this.events.size();
	}

	public boolean isEmpty() {
		return this.events.isEmpty();
	}

	public long lastSeq() {
		return this.events.get(this.events.size() - 1).seq();
	}

	/**
	 * Puts {@code event} into its place by seq, in the place of an event with the same
	 * seq.
	 */
	public void put(Heartbeat event) {
		Encoded encoded = new Encoded(event.getSeq(), body(event));
		int i = this.events.size();
		while (i > 0 && this.events.get(i - 1).seq() > encoded.seq()) {
			i--;
		}
		if (i > 0 && this.events.get(i - 1).seq() == encoded.seq()) {
			this.events.set(i - 1, encoded);
		}
		else {
			this.events.add(i, encoded);
		}
	}

	/**
	 * The event with {@code seq}, or {@code null}.
	 * @param userId the user of the playback the run belongs to
	 * @param playbackId its playback
	 */
	public Heartbeat get(long seq, String userId, String playbackId) {
		int index = indexOf(seq);
		return (index >= 0) ? read(this.events.get(index), userId, playbackId) : null;
	}

	/** Adds the events with {@code from <= seq <= to}, ascending, to {@code into}. */
	void addRange(long from, long to, String userId, String playbackId, List<Heartbeat> into) {
		for (Encoded event : this.events) {
			if (event.seq() >= from && event.seq() <= to) {
				into.add(read(event, userId, playbackId));
			}
		}
	}

	/**
	 * Drops the events with {@code seq <= to}.
	 * @return whether any was dropped
	 */
	public boolean removeUpTo(long to) {
		return this.events.removeIf((event) -> event.seq() <= to);
	}

	private int indexOf(long seq) {
		for (int i = this.events.size() - 1; i >= 0; i--) {
			long at = this.events.get(i).seq();
			if (at == seq) {
				return i;
			}
			if (at < seq) {
				return -1;
			}
		}
		return -1;
	}

	private byte[] body(Heartbeat event) {
		BufferDataOutput out = new BufferDataOutput(24);
		long eventTimeMs = event.getEventTime().toEpochMilli();
		int flags = event.getVideoId().equals(this.videoId) ? 0 : VIDEO_LITERAL;
		flags |= code(event.getDeviceId(), this.deviceId) << DEVICE_SHIFT;
		flags |= code(event.getCountry(), this.country) << COUNTRY_SHIFT;
		flags |= (event.getFromPositionMs() != null) ? FROM_POSITION : 0;
		flags |= (event.getVideoDurationMs() != null) ? VIDEO_DURATION : 0;
		flags |= (event.getAd() != null) ? AD : 0;
		out.writeByte(flags);
		DeviceType deviceType = event.getDeviceType();
		int extras = extras(event);
		out.writeByte(event.getType().ordinal() | (((deviceType != null) ? deviceType.ordinal() + 1 : 0) << 4)
				| ((extras != 0) ? EXTRAS : 0));
		Varints.writeSigned(out, eventTimeMs - this.baseTimeMs);
		Varints.writeSigned(out, event.getReceivedAt().toEpochMilli() - eventTimeMs);
		Varints.writeSigned(out, event.getPositionMs());
		if (event.getFromPositionMs() != null) {
			Varints.writeSigned(out, event.getFromPositionMs());
		}
		if (event.getVideoDurationMs() != null) {
			Varints.writeSigned(out, event.getVideoDurationMs());
		}
		if ((flags & VIDEO_LITERAL) != 0) {
			writeString(out, event.getVideoId());
		}
		if (((flags >> DEVICE_SHIFT) & 3) == LITERAL) {
			writeString(out, event.getDeviceId());
		}
		if (((flags >> COUNTRY_SHIFT) & 3) == LITERAL) {
			writeString(out, event.getCountry());
		}
		AdInfo ad = event.getAd();
		if (ad != null) {
			writeString(out, ad.getAdPlaybackId());
			writeString(out, ad.getAdId());
			Varints.writeSigned(out, ad.getPositionMs());
			Varints.writeSigned(out, ad.getDurationMs());
		}
		if (extras != 0) {
			out.writeByte(extras);
			if ((extras & VIEWABLE_PERCENT) != 0) {
				Varints.writeUnsigned(out, ad.getViewablePercent());
			}
			if ((extras & AD_SERVING_ID) != 0) {
				writeString(out, ad.getAdServingId());
			}
		}
		return out.toByteArray();
	}

	private static int extras(Heartbeat event) {
		int extras = event.getTrafficClass().ordinal();
		AdInfo ad = event.getAd();
		if (ad != null) {
			extras |= (ad.getViewablePercent() != null) ? VIEWABLE_PERCENT : 0;
			extras |= (ad.getAdServingId() != null) ? AD_SERVING_ID : 0;
		}
		return extras;
	}

	private static int code(String value, String reference) {
		if (value == null) {
			return ABSENT;
		}
		return value.equals(reference) ? AS_REFERENCE : LITERAL;
	}

	private Heartbeat read(Encoded encoded, String userId, String playbackId) {
		try {
			BufferDataInput in = new BufferDataInput(encoded.body());
			int flags = in.readUnsignedByte();
			int types = in.readUnsignedByte();
			long eventTimeMs = this.baseTimeMs + Varints.readSigned(in);
			long receivedAtMs = eventTimeMs + Varints.readSigned(in);
			long positionMs = Varints.readSigned(in);
			Long fromPositionMs = ((flags & FROM_POSITION) != 0) ? Varints.readSigned(in) : null;
			Long videoDurationMs = ((flags & VIDEO_DURATION) != 0) ? Varints.readSigned(in) : null;
			String video = ((flags & VIDEO_LITERAL) != 0) ? readString(in) : this.videoId;
			String device = optional(in, (flags >> DEVICE_SHIFT) & 3, this.deviceId);
			String where = optional(in, (flags >> COUNTRY_SHIFT) & 3, this.country);
			AdInfo ad = null;
			if ((flags & AD) != 0) {
				ad = new AdInfo(readString(in), readString(in), Varints.readSigned(in), Varints.readSigned(in), null,
						null);
			}
			TrafficClass trafficClass = TrafficClass.VALID;
			if ((types & EXTRAS) != 0) {
				int extras = in.readUnsignedByte();
				trafficClass = TRAFFIC_CLASSES[extras & 3];
				if ((extras & VIEWABLE_PERCENT) != 0) {
					ad.setViewablePercent((int) Varints.readUnsigned(in));
				}
				if ((extras & AD_SERVING_ID) != 0) {
					ad.setAdServingId(readString(in));
				}
			}
			int deviceType = (types >> 4) & 7;
			return new Heartbeat("", playbackId, encoded.seq(), userId, device, video, TYPES[types & 15], positionMs,
					fromPositionMs, videoDurationMs, Instant.ofEpochMilli(eventTimeMs),
					Instant.ofEpochMilli(receivedAtMs), where, (deviceType > 0) ? DEVICE_TYPES[deviceType - 1] : null,
					ad, null, trafficClass);
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("Stored event " + encoded.seq() + " of playback " + playbackId
					+ " cannot be read: " + ex.getMessage(), ex);
		}
	}

	private static String optional(DataInput in, int code, String reference) throws IOException {
		return switch (code) {
			case ABSENT -> null;
			case AS_REFERENCE -> reference;
			case LITERAL -> readString(in);
			default -> throw new IOException("Unknown string code " + code);
		};
	}

	/**
	 * {@code run} as a count, its reference and its events (each a seq, a length and its
	 * body); nothing but the count when it is empty or {@code null}, which
	 * {@link #readFrom} reads back as {@code null}.
	 */
	public static void write(BufferDataOutput out, EventRun run) {
		int count = (run != null) ? run.events.size() : 0;
		Varints.writeUnsigned(out, count);
		if (count == 0) {
			return;
		}
		out.writeByte(FORMAT);
		writeString(out, run.videoId);
		writeNullable(out, run.deviceId);
		writeNullable(out, run.country);
		out.writeLong(run.baseTimeMs);
		for (Encoded event : run.events) {
			Varints.writeUnsigned(out, event.seq());
			Varints.writeUnsigned(out, event.body().length);
			out.write(event.body());
		}
	}

	/** A run written by {@link #write}; {@code null} for an empty one. */
	static EventRun readFrom(DataInput in) throws IOException {
		int count = (int) Varints.readUnsigned(in);
		if (count == 0) {
			return null;
		}
		byte format = in.readByte();
		if (format != FORMAT && format != FORMAT_WITHOUT_EXTRAS) {
			throw new IOException("Unknown event run format " + format);
		}
		String videoId = readString(in);
		String deviceId = readNullable(in);
		String country = readNullable(in);
		long baseTimeMs = in.readLong();
		List<Encoded> events = new ArrayList<>(Math.max(count, ChunkedEventLog.CHUNK_EVENTS));
		for (int i = 0; i < count; i++) {
			long seq = Varints.readUnsigned(in);
			byte[] body = new byte[(int) Varints.readUnsigned(in)];
			in.readFully(body);
			events.add(new Encoded(seq, body));
		}
		return new EventRun(videoId, deviceId, country, baseTimeMs, events);
	}

	public byte[] toBytes() {
		BufferDataOutput out = new BufferDataOutput(48 + 16 * this.events.size());
		write(out, this);
		return out.toByteArray();
	}

	public static EventRun fromBytes(byte[] bytes) {
		try {
			return readFrom(new BufferDataInput(bytes));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void writeNullable(BufferDataOutput out, String value) {
		out.writeBoolean(value != null);
		if (value != null) {
			writeString(out, value);
		}
	}

	private static String readNullable(DataInput in) throws IOException {
		return in.readBoolean() ? readString(in) : null;
	}

	private static void writeString(BufferDataOutput out, String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		Varints.writeUnsigned(out, bytes.length);
		out.write(bytes);
	}

	private static String readString(DataInput in) throws IOException {
		byte[] bytes = new byte[(int) Varints.readUnsigned(in)];
		in.readFully(bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
