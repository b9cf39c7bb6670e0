package dev.playback.schemas;

import java.io.IOException;

import org.apache.avro.io.BinaryEncoder;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The heartbeat serializer of ingest-api's hot path (see {@link DirectAvroSerializer}):
 * the generic Avro writer was a tenth of the CPU of a batch request.
 */
public final class HeartbeatSerializer extends DirectAvroSerializer<Heartbeat> {

	/** Writes bodies only: it has no registry serializer for {@link #serialize}. */
	private static final HeartbeatSerializer BODIES = new HeartbeatSerializer(null);

	/**
	 * @param registered a configured registry serializer writing the Confluent wire
	 * format
	 */
	public HeartbeatSerializer(Serializer<Heartbeat> registered) {
		super(registered, 160);
	}

	/**
	 * A heartbeat's Avro binary without any header, as Avro's own writer would write it:
	 * what the aggregator keeps in its events store.
	 */
	public static byte[] avroBinary(Heartbeat heartbeat) {
		return BODIES.body(heartbeat);
	}

	@Override
	protected void writeBody(Heartbeat heartbeat, BinaryEncoder encoder) throws IOException {
		encoder.writeString(heartbeat.getEventId());
		encoder.writeString(heartbeat.getPlaybackId());
		encoder.writeLong(heartbeat.getSeq());
		encoder.writeString(heartbeat.getUserId());
		optional(encoder, heartbeat.getDeviceId());
		encoder.writeString(heartbeat.getVideoId());
		encoder.writeEnum(heartbeat.getType().ordinal());
		encoder.writeLong(heartbeat.getPositionMs());
		optional(encoder, heartbeat.getFromPositionMs());
		optional(encoder, heartbeat.getVideoDurationMs());
		encoder.writeLong(heartbeat.getEventTime().toEpochMilli());
		encoder.writeLong(heartbeat.getReceivedAt().toEpochMilli());
		optional(encoder, heartbeat.getCountry());
		optional(encoder, heartbeat.getDeviceType());
		AdInfo ad = heartbeat.getAd();
		if (ad == null) {
			encoder.writeIndex(0);
		}
		else {
			encoder.writeIndex(1);
			encoder.writeString(ad.getAdPlaybackId());
			encoder.writeString(ad.getAdId());
			encoder.writeLong(ad.getPositionMs());
			encoder.writeLong(ad.getDurationMs());
			optional(encoder, ad.getViewablePercent());
			optional(encoder, ad.getAdServingId());
		}
		optional(encoder, heartbeat.getSdk());
		encoder.writeEnum(heartbeat.getTrafficClass().ordinal());
	}

}
