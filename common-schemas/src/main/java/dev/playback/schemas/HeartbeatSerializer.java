package dev.playback.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The heartbeat serializer of ingest-api's hot path: the same bytes as the registry
 * serializer it wraps (magic byte 0, the 4-byte content id, the Avro binary), written
 * field by field. The generic Avro writer looks each optional field's branch up by type
 * name in a hash map per record, which was a tenth of the CPU of a batch request.
 *
 * <p>
 * The first heartbeat written to a topic goes through the registry serializer, which
 * registers or finds the schema; its 5-byte header is then reused for that topic. A test
 * checks, for generated heartbeats with every field set and unset, that the body is byte
 * for byte what Avro's own writer produces; a change to the schema that this class does
 * not follow fails it.
 */
public final class HeartbeatSerializer implements Serializer<Heartbeat> {

	private static final int HEADER = 5;

	private final Serializer<Heartbeat> registered;

	private final Map<String, byte[]> headers = new ConcurrentHashMap<>();

	/**
	 * @param registered a configured registry serializer writing the Confluent wire
	 * format
	 */
	public HeartbeatSerializer(Serializer<Heartbeat> registered) {
		this.registered = registered;
	}

	@Override
	public byte[] serialize(String topic, Heartbeat heartbeat) {
		if (heartbeat == null) {
			return null;
		}
		byte[] header = this.headers.get(topic);
		if (header == null) {
			byte[] bytes = this.registered.serialize(topic, heartbeat);
			byte[] body = body(heartbeat);
			// reused only when the registry serializer wrote exactly header + this body
			if (bytes.length == HEADER + body.length && bytes[0] == 0
					&& Arrays.equals(bytes, HEADER, bytes.length, body, 0, body.length)) {
				this.headers.put(topic, Arrays.copyOf(bytes, HEADER));
			}
			return bytes;
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream(160);
		out.write(header, 0, HEADER);
		write(heartbeat, out);
		return out.toByteArray();
	}

	/** The Avro binary encoding of a heartbeat, without any header. */
	static byte[] body(Heartbeat heartbeat) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(160);
		write(heartbeat, out);
		return out.toByteArray();
	}

	private static void write(Heartbeat heartbeat, ByteArrayOutputStream out) {
		BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
		try {
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
			if (heartbeat.getDeviceType() == null) {
				encoder.writeIndex(0);
			}
			else {
				encoder.writeIndex(1);
				encoder.writeEnum(heartbeat.getDeviceType().ordinal());
			}
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
			}
		}
		catch (IOException ex) {
			// a ByteArrayOutputStream does not fail
			throw new UncheckedIOException(ex);
		}
	}

	/** A {@code ["null", "string"]} union. */
	private static void optional(BinaryEncoder encoder, CharSequence value) throws IOException {
		if (value == null) {
			encoder.writeIndex(0);
		}
		else {
			encoder.writeIndex(1);
			encoder.writeString(value);
		}
	}

	/** A {@code ["null", "long"]} union. */
	private static void optional(BinaryEncoder encoder, Long value) throws IOException {
		if (value == null) {
			encoder.writeIndex(0);
		}
		else {
			encoder.writeIndex(1);
			encoder.writeLong(value);
		}
	}

	@Override
	public void configure(Map<String, ?> configs, boolean isKey) {
		this.registered.configure(configs, isKey);
	}

	@Override
	public void close() {
		this.registered.close();
	}

}
