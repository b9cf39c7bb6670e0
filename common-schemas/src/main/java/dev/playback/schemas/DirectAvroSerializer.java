package dev.playback.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serializer for the hot paths: the same bytes as the registry serializer it wraps
 * (magic byte 0, the 4-byte content id, the Avro binary), with the Avro binary written
 * field by field. The generic Avro writer looks each optional field's branch up by type
 * name in a hash map per record and goes through the schema for every field.
 * <p>
 * The first record written to a topic goes through the registry serializer, which
 * registers or finds the schema; its 5-byte header is then reused for that topic, as long
 * as the registry serializer wrote exactly that header and this body. Each subclass has a
 * test that holds its body, for generated records with every field set and unset, to what
 * Avro's own writer produces, so a schema change it does not follow fails.
 *
 * @param <T> the record type
 */
public abstract class DirectAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

	private static final int HEADER = 5;

	private final Serializer<T> registered;

	private final int expectedSize;

	private final Map<String, byte[]> headers = new ConcurrentHashMap<>();

	/**
	 * @param registered a configured registry serializer writing the Confluent wire
	 * format
	 * @param expectedSize the usual size of a record, to size the buffer
	 */
	protected DirectAvroSerializer(Serializer<T> registered, int expectedSize) {
		this.registered = registered;
		this.expectedSize = expectedSize;
	}

	@Override
	public byte[] serialize(String topic, T value) {
		if (value == null) {
			return null;
		}
		byte[] header = this.headers.get(topic);
		if (header == null) {
			byte[] bytes = this.registered.serialize(topic, value);
			byte[] body = body(value);
			// reused only when the registry serializer wrote exactly header + this body
			if (bytes.length == HEADER + body.length && bytes[0] == 0
					&& Arrays.equals(bytes, HEADER, bytes.length, body, 0, body.length)) {
				this.headers.put(topic, Arrays.copyOf(bytes, HEADER));
			}
			return bytes;
		}
		BufferDataOutput out = new BufferDataOutput(this.expectedSize);
		out.write(header, 0, HEADER);
		write(value, out);
		return out.toByteArray();
	}

	/** The Avro binary encoding of a record, without any header. */
	public byte[] body(T value) {
		BufferDataOutput out = new BufferDataOutput(this.expectedSize);
		write(value, out);
		return out.toByteArray();
	}

	private void write(T value, BufferDataOutput out) {
		BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
		try {
			writeBody(value, encoder);
		}
		catch (IOException ex) {
			// writing into an array does not fail
			throw new UncheckedIOException(ex);
		}
	}

	/** Writes the record's fields in schema order, as Avro's binary encoding. */
	protected abstract void writeBody(T value, BinaryEncoder encoder) throws IOException;

	/** A {@code ["null", "string"]} union. */
	protected static void optional(BinaryEncoder encoder, CharSequence value) throws IOException {
		if (value == null) {
			encoder.writeIndex(0);
		}
		else {
			encoder.writeIndex(1);
			encoder.writeString(value);
		}
	}

	/** A {@code ["null", "long"]} union. */
	protected static void optional(BinaryEncoder encoder, Long value) throws IOException {
		if (value == null) {
			encoder.writeIndex(0);
		}
		else {
			encoder.writeIndex(1);
			encoder.writeLong(value);
		}
	}

	/** A {@code ["null", "int"]} union. */
	protected static void optional(BinaryEncoder encoder, Integer value) throws IOException {
		if (value == null) {
			encoder.writeIndex(0);
		}
		else {
			encoder.writeIndex(1);
			encoder.writeInt(value);
		}
	}

	/** A {@code ["null", enum]} union. */
	protected static void optional(BinaryEncoder encoder, Enum<?> value) throws IOException {
		if (value == null) {
			encoder.writeIndex(0);
		}
		else {
			encoder.writeIndex(1);
			encoder.writeEnum(value.ordinal());
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
