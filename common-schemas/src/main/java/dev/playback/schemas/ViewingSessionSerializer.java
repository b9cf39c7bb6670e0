package dev.playback.schemas;

import java.io.IOException;
import java.util.List;

import org.apache.avro.io.BinaryEncoder;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The session serializer of the aggregator's hot path (see {@link DirectAvroSerializer}):
 * each heartbeat read emits its session in full, and the generic Avro writer was the
 * larger part of that emission's CPU.
 */
public final class ViewingSessionSerializer extends DirectAvroSerializer<ViewingSession> {

	/**
	 * @param registered a configured registry serializer writing the Confluent wire
	 * format
	 */
	public ViewingSessionSerializer(Serializer<ViewingSession> registered) {
		super(registered, 256);
	}

	@Override
	protected void writeBody(ViewingSession session, BinaryEncoder encoder) throws IOException {
		encoder.writeString(session.getSessionId());
		encoder.writeString(session.getPlaybackId());
		encoder.writeLong(session.getRevision());
		encoder.writeString(session.getUserId());
		encoder.writeString(session.getVideoId());
		optional(encoder, session.getDeviceId());
		optional(encoder, session.getCountry());
		optional(encoder, session.getDeviceType());
		optional(encoder, session.getVideoDurationMs());
		encoder.writeLong(session.getStartedAt().toEpochMilli());
		encoder.writeLong(session.getLastEventAt().toEpochMilli());
		encoder.writeLong(session.getLastPositionMs());
		List<Segment> segments = session.getSegments();
		startArray(encoder, segments.size());
		for (Segment segment : segments) {
			encoder.startItem();
			encoder.writeLong(segment.getStartMs());
			encoder.writeLong(segment.getEndMs());
		}
		encoder.writeArrayEnd();
		encoder.writeLong(session.getUniqueWatchedMs());
		encoder.writeLong(session.getPlayedMs());
		List<DailyPlay> days = session.getPlayedMsByDay();
		startArray(encoder, days.size());
		for (DailyPlay day : days) {
			encoder.startItem();
			encoder.writeInt((int) day.getDay().toEpochDay());
			encoder.writeLong(day.getPlayedMs());
		}
		encoder.writeArrayEnd();
		List<AdPlayback> ads = session.getAds();
		startArray(encoder, ads.size());
		for (AdPlayback ad : ads) {
			encoder.startItem();
			encoder.writeString(ad.getAdPlaybackId());
			encoder.writeString(ad.getAdId());
			encoder.writeLong(ad.getDurationMs());
			encoder.writeLong(ad.getStartedAt().toEpochMilli());
			encoder.writeLong(ad.getAdPlayedMs());
			encoder.writeLong(ad.getMaxContinuousMs());
			encoder.writeLong(ad.getMaxPositionMs());
			encoder.writeBoolean(ad.getCompleted());
			encoder.writeBoolean(ad.getSkipped());
			encoder.writeBoolean(ad.getClicked());
			encoder.writeBoolean(ad.getMeasurable());
			encoder.writeBoolean(ad.getViewable());
			optional(encoder, ad.getAdServingId());
		}
		encoder.writeArrayEnd();
		encoder.writeLong(session.getEventCount());
		encoder.writeBoolean(session.getClosed());
		optional(encoder, session.getInvalidTraffic());
	}

	private static void startArray(BinaryEncoder encoder, int size) throws IOException {
		encoder.writeArrayStart();
		encoder.setItemCount(size);
	}

}
