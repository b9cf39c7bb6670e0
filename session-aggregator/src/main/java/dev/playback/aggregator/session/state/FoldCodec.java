package dev.playback.aggregator.session.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.playback.rules.Interval;
import dev.playback.rules.SessionFold;
import dev.playback.rules.SessionFold.AdState;
import dev.playback.rules.SessionIdentity;
import dev.playback.schemas.BufferDataOutput;
import dev.playback.schemas.DeviceType;
import dev.playback.schemas.EventType;
import dev.playback.schemas.InvalidTraffic;

/**
 * A session's fold in the playbacks store: its {@link SessionFold.State} field by field,
 * in a format byte's layout, so that state written by any earlier version reads back.
 * Format 2 added invalid traffic (the reason and the activity rule's recent event times,
 * as differences from the last event's time) and each ad playback's viewability and
 * AdServingId; a format-1 fold reads back valid, with no recent times, and its ad
 * playbacks unmeasured (the events before format 2 carried no viewablePercent).
 */
public final class FoldCodec {

	private static final byte FORMAT = 2;

	private static final byte FORMAT_BEFORE_INVALID_TRAFFIC = 1;

	private static final InvalidTraffic[] INVALID_TRAFFIC = InvalidTraffic.values();

	private static final EventType[] EVENT_TYPES = EventType.values();

	private static final DeviceType[] DEVICE_TYPES = DeviceType.values();

	private FoldCodec() {
	}

	public static void write(BufferDataOutput out, SessionFold fold) throws IOException {
		SessionFold.State state = fold.state();
		out.writeByte(FORMAT);
		writeIdentity(out, state.identity());
		out.writeLong(state.firstSeq());
		out.writeLong(state.startedAtMs());
		out.writeLong(state.lastSeq());
		out.writeLong(state.lastEventAtMs());
		out.writeLong(state.lastPositionMs());
		out.writeByte(state.lastType().ordinal());
		out.writeInt(state.eventCount());
		out.writeBoolean(state.playing());
		out.writeLong(state.previousContentPositionMs());
		out.writeLong(state.previousContentTimeMs());
		out.writeInt(state.segments().size());
		for (Interval segment : state.segments()) {
			out.writeLong(segment.startMs());
			out.writeLong(segment.endMs());
		}
		out.writeLong(state.playedMs());
		out.writeInt(state.playedMsByEpochDay().size());
		for (Map.Entry<Long, Long> day : state.playedMsByEpochDay().entrySet()) {
			out.writeLong(day.getKey());
			out.writeLong(day.getValue());
		}
		out.writeInt(state.ads().size());
		for (AdState ad : state.ads()) {
			writeAd(out, ad);
		}
		out.writeByte((state.invalidTraffic() != null) ? state.invalidTraffic().ordinal() : -1);
		long[] times = state.activityTimes();
		Varints.writeUnsigned(out, times.length);
		for (long time : times) {
			Varints.writeSigned(out, state.lastEventAtMs() - time);
		}
	}

	public static SessionFold read(DataInput in) throws IOException {
		byte format = in.readByte();
		if (format != FORMAT && format != FORMAT_BEFORE_INVALID_TRAFFIC) {
			throw new IOException("Unknown session state format " + format);
		}
		boolean before = format == FORMAT_BEFORE_INVALID_TRAFFIC;
		SessionIdentity identity = readIdentity(in);
		long firstSeq = in.readLong();
		long startedAtMs = in.readLong();
		long lastSeq = in.readLong();
		long lastEventAtMs = in.readLong();
		long lastPositionMs = in.readLong();
		EventType lastType = EVENT_TYPES[in.readByte()];
		int eventCount = in.readInt();
		boolean playing = in.readBoolean();
		long previousContentPositionMs = in.readLong();
		long previousContentTimeMs = in.readLong();
		int segmentCount = in.readInt();
		List<Interval> segments = new ArrayList<>(segmentCount);
		for (int i = 0; i < segmentCount; i++) {
			segments.add(new Interval(in.readLong(), in.readLong()));
		}
		long playedMs = in.readLong();
		int dayCount = in.readInt();
		TreeMap<Long, Long> days = new TreeMap<>();
		for (int i = 0; i < dayCount; i++) {
			days.put(in.readLong(), in.readLong());
		}
		int adCount = in.readInt();
		List<AdState> ads = new ArrayList<>(adCount);
		for (int i = 0; i < adCount; i++) {
			ads.add(readAd(in, before));
		}
		InvalidTraffic invalidTraffic = null;
		long[] times = new long[0];
		if (!before) {
			int reason = in.readByte();
			invalidTraffic = (reason < 0) ? null : INVALID_TRAFFIC[reason];
			times = new long[(int) Varints.readUnsigned(in)];
			for (int i = 0; i < times.length; i++) {
				times[i] = lastEventAtMs - Varints.readSigned(in);
			}
		}
		return SessionFold.of(new SessionFold.State(identity, firstSeq, startedAtMs, lastSeq, lastEventAtMs,
				lastPositionMs, lastType, eventCount, playing, previousContentPositionMs, previousContentTimeMs,
				segments, playedMs, days, ads, invalidTraffic, times));
	}

	private static void writeIdentity(DataOutput out, SessionIdentity identity) throws IOException {
		out.writeUTF(identity.playbackId());
		out.writeUTF(identity.userId());
		out.writeUTF(identity.videoId());
		writeNullable(out, identity.deviceId());
		writeNullable(out, identity.country());
		out.writeByte((identity.deviceType() != null) ? identity.deviceType().ordinal() : -1);
		out.writeLong((identity.videoDurationMs() != null) ? identity.videoDurationMs() : -1);
	}

	private static SessionIdentity readIdentity(DataInput in) throws IOException {
		String playbackId = in.readUTF();
		String userId = in.readUTF();
		String videoId = in.readUTF();
		String deviceId = readNullable(in);
		String country = readNullable(in);
		int deviceType = in.readByte();
		long duration = in.readLong();
		return new SessionIdentity(playbackId, userId, videoId, deviceId, country,
				(deviceType < 0) ? null : DEVICE_TYPES[deviceType], (duration < 0) ? null : duration);
	}

	private static void writeAd(BufferDataOutput out, AdState ad) throws IOException {
		out.writeUTF(ad.adPlaybackId());
		out.writeUTF(ad.adId());
		out.writeLong(ad.startedAtMs());
		out.writeLong(ad.previousPositionMs());
		out.writeLong(ad.previousTimeMs());
		out.writeLong(ad.played());
		out.writeLong(ad.run());
		out.writeLong(ad.maxRun());
		out.writeLong(ad.maxPosition());
		out.writeLong(ad.duration());
		out.writeByte((ad.completeEvent() ? 1 : 0) | (ad.skipped() ? 2 : 0) | (ad.clicked() ? 4 : 0)
				| (ad.unmeasured() ? 8 : 0) | (ad.previousInView() ? 16 : 0) | (ad.viewable() ? 32 : 0));
		Varints.writeUnsigned(out, ad.viewRun());
		writeNullable(out, ad.adServingId());
	}

	private static AdState readAd(DataInput in, boolean before) throws IOException {
		String adPlaybackId = in.readUTF();
		String adId = in.readUTF();
		long startedAtMs = in.readLong();
		long previousPositionMs = in.readLong();
		long previousTimeMs = in.readLong();
		long played = in.readLong();
		long run = in.readLong();
		long maxRun = in.readLong();
		long maxPosition = in.readLong();
		long duration = in.readLong();
		int flags = in.readByte();
		if (before) {
			return new AdState(adPlaybackId, adId, startedAtMs, previousPositionMs, previousTimeMs, played, run, maxRun,
					maxPosition, duration, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, true, false, 0, false,
					null);
		}
		long viewRun = Varints.readUnsigned(in);
		String adServingId = readNullable(in);
		return new AdState(adPlaybackId, adId, startedAtMs, previousPositionMs, previousTimeMs, played, run, maxRun,
				maxPosition, duration, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, (flags & 8) != 0,
				(flags & 16) != 0, viewRun, (flags & 32) != 0, adServingId);
	}

	private static void writeNullable(DataOutput out, String value) throws IOException {
		out.writeBoolean(value != null);
		if (value != null) {
			out.writeUTF(value);
		}
	}

	private static String readNullable(DataInput in) throws IOException {
		return in.readBoolean() ? in.readUTF() : null;
	}

}
