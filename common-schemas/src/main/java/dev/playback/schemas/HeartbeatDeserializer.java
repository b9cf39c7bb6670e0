package dev.playback.schemas;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.apicurio.registry.resolver.SchemaResolver;
import io.apicurio.registry.resolver.strategy.ArtifactReference;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The heartbeat deserializer of the aggregator's hot path: the registry deserializer it
 * wraps, with the Avro binary read field by field whenever the writer's schema is the
 * reader's own. Avro's generic reader goes through a resolving decoder and boxes every
 * long; it was a tenth of the stream threads' time.
 * <p>
 * The writer's schema comes from the registry, by the content id of the record's header,
 * once per id: when its parsing canonical form is {@link Heartbeat}'s (same fields, same
 * order, same types, so the same binary), records with that id are read here; records
 * with any other schema (an older or newer writer), with an id the registry does not
 * have, or without the Confluent header go through the registry deserializer and its
 * schema resolution. The lookup of an id's schema waits for a registry that is down or
 * hangs (a valid record is never dead-lettered because the registry was away, see
 * {@link PatientSchemaLookup}). A malformed body fails with a
 * {@link SerializationException}, as Avro's reader fails on it (a test holds the two
 * readers to the same records and the same failures).
 */
public final class HeartbeatDeserializer implements Deserializer<Heartbeat> {

	private static final int HEADER = 5;

	private static final long OWN_SCHEMA = SchemaNormalization.parsingFingerprint64(Heartbeat.getClassSchema());

	private static final EventType[] EVENT_TYPES = EventType.values();

	private static final DeviceType[] DEVICE_TYPES = DeviceType.values();

	private static final TrafficClass[] TRAFFIC_CLASSES = TrafficClass.values();

	private final Deserializer<Heartbeat> registered;

	private final SchemaLookup schemas;

	private final Map<Integer, Boolean> ownSchema = new ConcurrentHashMap<>();

	/**
	 * @param registered a configured registry deserializer reading the Confluent wire
	 * format into {@link Heartbeat}s
	 * @param schemas the writer's schema for a content id, from the registry
	 */
	public HeartbeatDeserializer(Deserializer<Heartbeat> registered, SchemaLookup schemas) {
		this.registered = registered;
		this.schemas = schemas;
	}

	/** A content id's schema, as the registry deserializer's resolver finds it. */
	@FunctionalInterface
	public interface SchemaLookup {

		/**
		 * The writer's schema of a content id, or {@code null} when the registry has
		 * none.
		 */
		Schema schema(long contentId);

		/**
		 * The resolver's lookup (which caches what it found, for the registry
		 * deserializer too), each attempt bounded to 5 s and a registry that cannot
		 * answer waited for (see {@link PatientSchemaLookup}).
		 */
		static SchemaLookup of(SchemaResolver<Schema, ?> resolver) {
			SchemaLookup registry = (contentId) -> resolver
				.resolveSchemaByArtifactReference(ArtifactReference.fromContentId(contentId))
				.getParsedSchema()
				.getParsedSchema();
			return new PatientSchemaLookup(registry, Duration.ofSeconds(5), Duration.ofSeconds(30));
		}

	}

	@Override
	public Heartbeat deserialize(String topic, byte[] data) {
		return deserialize(topic, null, data);
	}

	@Override
	public Heartbeat deserialize(String topic, Headers headers, byte[] data) {
		if (!isFramed(data) || !isOwnSchema(contentId(data))) {
			return (headers != null) ? this.registered.deserialize(topic, headers, data)
					: this.registered.deserialize(topic, data);
		}
		return read(data, HEADER, false);
	}

	/** Whether records with this content id are read here (after the first of them). */
	boolean readsDirectly(int contentId) {
		return Boolean.TRUE.equals(this.ownSchema.get(contentId));
	}

	private boolean isOwnSchema(int contentId) {
		Boolean own = this.ownSchema.get(contentId);
		if (own == null) {
			Schema writer;
			try {
				writer = this.schemas.schema(contentId & 0xffffffffL);
			}
			catch (RuntimeException ex) {
				// the registry deserializer reports it, and the next record asks again
				return false;
			}
			own = writer != null && SchemaNormalization.parsingFingerprint64(writer) == OWN_SCHEMA;
			this.ownSchema.put(contentId, own);
		}
		return own;
	}

	/**
	 * Whether the bytes start with the Confluent wire format's header: magic byte 0 and a
	 * 4-byte schema id.
	 */
	static boolean isFramed(byte[] data) {
		return data != null && data.length >= HEADER && data[0] == 0;
	}

	static int contentId(byte[] data) {
		return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
	}

	/**
	 * A heartbeat from its Avro binary without any header, as
	 * {@link HeartbeatSerializer#avroBinary} writes it (what the aggregator keeps in its
	 * events store); bytes after it are ignored, as Avro's reader ignores them.
	 * @throws SerializationException when the bytes are not such a heartbeat
	 */
	public static Heartbeat fromAvroBinary(byte[] body) {
		return read(body, 0, false);
	}

	/**
	 * A heartbeat from its Avro binary in version 1 of the schema, without any header:
	 * what the aggregator's format-1 state holds. The fields version 2 added come after
	 * all of version 1's in the binary, so version 1's bytes are read as version 2's
	 * without them (and read as VALID traffic).
	 * @throws SerializationException when the bytes are not such a heartbeat
	 */
	public static Heartbeat fromVersion1AvroBinary(byte[] body) {
		return read(body, 0, true);
	}

	/**
	 * A heartbeat's Avro binary (no header) from {@code offset}, in {@link Heartbeat}'s
	 * schema.
	 */
	private static Heartbeat read(byte[] data, int offset, boolean version1) {
		Reader in = new Reader(data, offset);
		try {
			Heartbeat heartbeat = new Heartbeat();
			heartbeat.setEventId(in.string());
			heartbeat.setPlaybackId(in.string());
			heartbeat.setSeq(in.longValue());
			heartbeat.setUserId(in.string());
			heartbeat.setDeviceId(in.present() ? in.string() : null);
			heartbeat.setVideoId(in.string());
			heartbeat.setType(EVENT_TYPES[in.intValue()]);
			heartbeat.setPositionMs(in.longValue());
			heartbeat.setFromPositionMs(in.present() ? in.longValue() : null);
			heartbeat.setVideoDurationMs(in.present() ? in.longValue() : null);
			heartbeat.setEventTime(Instant.ofEpochMilli(in.longValue()));
			heartbeat.setReceivedAt(Instant.ofEpochMilli(in.longValue()));
			heartbeat.setCountry(in.present() ? in.string() : null);
			heartbeat.setDeviceType(in.present() ? DEVICE_TYPES[in.intValue()] : null);
			if (in.present()) {
				AdInfo ad = new AdInfo();
				ad.setAdPlaybackId(in.string());
				ad.setAdId(in.string());
				ad.setPositionMs(in.longValue());
				ad.setDurationMs(in.longValue());
				if (!version1) {
					ad.setViewablePercent(in.present() ? in.intValue() : null);
					ad.setAdServingId(in.present() ? in.string() : null);
				}
				heartbeat.setAd(ad);
			}
			if (!version1) {
				heartbeat.setSdk(in.present() ? in.string() : null);
				heartbeat.setTrafficClass(TRAFFIC_CLASSES[in.intValue()]);
			}
			else {
				heartbeat.setTrafficClass(TrafficClass.VALID);
			}
			return heartbeat;
		}
		catch (IndexOutOfBoundsException ex) {
			throw new SerializationException("Malformed heartbeat: " + ex.getMessage(), ex);
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

	/**
	 * Avro's binary encoding over an array: zig-zag varints of at most 5 (int) or 10
	 * (long) bytes, as Avro's own decoder reads them; past the end or out of range, an
	 * {@link IndexOutOfBoundsException} or a {@link SerializationException}.
	 */
	private static final class Reader {

		private final byte[] data;

		private int position;

		Reader(byte[] data, int position) {
			this.data = data;
			this.position = position;
		}

		int intValue() {
			int n = 0;
			for (int shift = 0; shift < 35; shift += 7) {
				int b = this.data[this.position++] & 0xff;
				n |= (b & 0x7f) << shift;
				if (b < 0x80) {
					return (n >>> 1) ^ -(n & 1);
				}
			}
			throw new SerializationException("Malformed heartbeat: invalid int encoding");
		}

		long longValue() {
			long n = 0;
			for (int shift = 0; shift < 70; shift += 7) {
				long b = this.data[this.position++] & 0xff;
				n |= (b & 0x7f) << shift;
				if (b < 0x80) {
					return (n >>> 1) ^ -(n & 1);
				}
			}
			throw new SerializationException("Malformed heartbeat: invalid long encoding");
		}

		/** A {@code ["null", X]} union's branch: whether X follows. */
		boolean present() {
			int index = intValue();
			if (index != 0 && index != 1) {
				throw new SerializationException("Malformed heartbeat: union branch " + index);
			}
			return index == 1;
		}

		String string() {
			long length = longValue();
			if (length < 0 || length > this.data.length - this.position) {
				throw new SerializationException("Malformed heartbeat: string of " + length + " bytes");
			}
			String value = new String(this.data, this.position, (int) length, StandardCharsets.UTF_8);
			this.position += (int) length;
			return value;
		}

	}

}
