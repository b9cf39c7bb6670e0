package dev.playback.aggregator.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro binary without a registry, for topology unit tests on TopologyTestDriver only; the
 * integration tests use the real registry serde.
 */
final class PlainAvroSerde {

	private PlainAvroSerde() {
	}

	/** Writes any record with its own schema; reading needs to know which one. */
	static Serde<SpecificRecord> anyRecord() {
		Serializer<SpecificRecord> serializer = (topic, value) -> {
			if (value == null) {
				return null;
			}
			return of(value.getSchema()).serializer().serialize(topic, value);
		};
		return Serdes.serdeFrom(serializer, (topic, bytes) -> {
			throw new UnsupportedOperationException("Read with PlainAvroSerde.of(schema)");
		});
	}

	static <T extends SpecificRecord> Serde<T> of(Schema schema) {
		SpecificDatumWriter<T> writer = new SpecificDatumWriter<>(schema);
		SpecificDatumReader<T> reader = new SpecificDatumReader<>(schema);
		Serializer<T> serializer = (topic, value) -> {
			if (value == null) {
				return null;
			}
			try {
				ByteArrayOutputStream out = new ByteArrayOutputStream();
				BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
				writer.write(value, encoder);
				encoder.flush();
				return out.toByteArray();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		};
		Deserializer<T> deserializer = (topic, bytes) -> {
			if (bytes == null) {
				return null;
			}
			try {
				return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		};
		return Serdes.serdeFrom(serializer, deserializer);
	}

}
