package dev.playback.aggregator.session.state;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro binary without a registry, for values the aggregator keeps in its own state
 * stores: they are read back only by the aggregator, with the schema it was built with.
 * Not thread-safe: one per processor.
 */
public final class AvroBytes<T extends SpecificRecord> {

	private final SpecificDatumWriter<T> writer;

	private final SpecificDatumReader<T> reader;

	private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);

	private BinaryEncoder encoder;

	private BinaryDecoder decoder;

	public AvroBytes(Schema schema) {
		this.writer = new SpecificDatumWriter<>(schema);
		this.reader = new SpecificDatumReader<>(schema);
	}

	public byte[] write(T value) {
		try {
			this.buffer.reset();
			this.encoder = EncoderFactory.get().directBinaryEncoder(this.buffer, this.encoder);
			this.writer.write(value, this.encoder);
			return this.buffer.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public T read(byte[] bytes) {
		try {
			this.decoder = DecoderFactory.get().binaryDecoder(bytes, this.decoder);
			return this.reader.read(null, this.decoder);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
