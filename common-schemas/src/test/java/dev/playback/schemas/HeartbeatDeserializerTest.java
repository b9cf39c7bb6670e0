package dev.playback.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeartbeatDeserializerTest {

	private static final byte[] HEADER = { 0, 0, 0, 0, 42 };

	private final HeartbeatSerializerTest heartbeats = new HeartbeatSerializerTest();

	@Property(tries = 2000)
	void readsWhatAvroWrites(@ForAll("heartbeats") Heartbeat heartbeat) {
		byte[] body = HeartbeatSerializer.avroBinary(heartbeat);

		assertThat(HeartbeatDeserializer.fromAvroBinary(body)).isEqualTo(heartbeat).isEqualTo(avro(body));
	}

	/**
	 * Bytes written in version 1 of the schema (the aggregator's format-1 state) read as
	 * the same heartbeat without version 2's fields.
	 */
	@Property(tries = 1000)
	void readsVersion1Bytes(@ForAll("heartbeats") Heartbeat heartbeat) throws IOException {
		Schema version1 = SchemaEvolutionTest.history("Heartbeat").get(0);
		var asVersion1 = new GenericDatumReader<GenericRecord>(Heartbeat.getClassSchema(), version1).read(null,
				DecoderFactory.get().binaryDecoder(HeartbeatSerializer.avroBinary(heartbeat), null));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
		new GenericDatumWriter<GenericRecord>(version1).write(asVersion1, encoder);
		encoder.flush();

		Heartbeat expected = Heartbeat.newBuilder(heartbeat).setSdk(null).build();
		if (expected.getAd() != null) {
			expected.setAd(AdInfo.newBuilder(expected.getAd()).setViewablePercent(null).setAdServingId(null).build());
		}
		assertThat(HeartbeatDeserializer.fromVersion1AvroBinary(out.toByteArray())).isEqualTo(expected);
	}

	/**
	 * Damaged bodies (a byte changed, cut short, bytes put in): whatever Avro's reader
	 * makes of them, this one makes too, and where Avro's fails, this one fails.
	 */
	@Property(tries = 5000)
	void readsDamagedBodiesAsAvroDoes(@ForAll("damaged") byte[] body) {
		Heartbeat expected;
		try {
			expected = avro(body);
		}
		catch (RuntimeException ex) {
			assertThatThrownBy(() -> HeartbeatDeserializer.fromAvroBinary(body))
				.isInstanceOf(SerializationException.class);
			return;
		}
		assertThat(HeartbeatDeserializer.fromAvroBinary(body)).isEqualTo(expected);
	}

	@Example
	void readsRecordsOfItsOwnSchemaWithoutTheRegistryDeserializer() {
		AtomicInteger registryCalls = new AtomicInteger();
		AtomicInteger lookups = new AtomicInteger();
		HeartbeatDeserializer deserializer = new HeartbeatDeserializer(registry(registryCalls), (id) -> {
			lookups.incrementAndGet();
			assertThat(id).isEqualTo(42);
			return new Schema.Parser().parse(Heartbeat.getClassSchema().toString());
		});
		Heartbeat heartbeat = HeartbeatSerializerTest.heartbeat("pb-1");

		assertThat(deserializer.deserialize(Topics.HEARTBEATS, framed(heartbeat))).isEqualTo(heartbeat);
		assertThat(deserializer.deserialize(Topics.HEARTBEATS, framed(heartbeat))).isEqualTo(heartbeat);
		assertThat(registryCalls).hasValue(0);
		assertThat(lookups).as("the schema of an id is looked up once").hasValue(1);
		assertThat(deserializer.readsDirectly(42)).isTrue();
	}

	@Example
	void leavesRecordsOfAnotherSchemaToTheRegistryDeserializer() {
		AtomicInteger registryCalls = new AtomicInteger();
		// a newer writer: one more field at the end
		Schema newer = SchemaBuilder.record("Heartbeat")
			.namespace("dev.playback.schemas")
			.fields()
			.name("eventId")
			.type()
			.stringType()
			.noDefault()
			.name("extra")
			.type()
			.stringType()
			.stringDefault("")
			.endRecord();
		HeartbeatDeserializer deserializer = new HeartbeatDeserializer(registry(registryCalls), (id) -> newer);
		Heartbeat heartbeat = HeartbeatSerializerTest.heartbeat("pb-1");

		assertThat(deserializer.deserialize(Topics.HEARTBEATS, framed(heartbeat))).isEqualTo(heartbeat);
		assertThat(registryCalls).hasValue(1);
		assertThat(deserializer.readsDirectly(42)).isFalse();
	}

	@Example
	void asksTheRegistryAgainAfterALookupFailed() {
		AtomicInteger registryCalls = new AtomicInteger();
		AtomicInteger lookups = new AtomicInteger();
		HeartbeatDeserializer deserializer = new HeartbeatDeserializer(registry(registryCalls), (id) -> {
			if (lookups.incrementAndGet() == 1) {
				throw new IllegalStateException("registry unavailable");
			}
			return Heartbeat.getClassSchema();
		});
		Heartbeat heartbeat = HeartbeatSerializerTest.heartbeat("pb-1");

		assertThat(deserializer.deserialize(Topics.HEARTBEATS, framed(heartbeat))).isEqualTo(heartbeat);
		assertThat(registryCalls).hasValue(1);
		assertThat(deserializer.deserialize(Topics.HEARTBEATS, framed(heartbeat))).isEqualTo(heartbeat);
		assertThat(registryCalls).hasValue(1);
		assertThat(lookups).hasValue(2);
	}

	@Example
	void leavesRecordsWithoutTheConfluentHeaderToTheRegistryDeserializer() {
		AtomicInteger registryCalls = new AtomicInteger();
		HeartbeatDeserializer deserializer = new HeartbeatDeserializer(registry(registryCalls), (id) -> {
			throw new AssertionError("no id to look up");
		});
		byte[] notFramed = { 1, 2, 3 };

		assertThatThrownBy(() -> deserializer.deserialize(Topics.HEARTBEATS, notFramed))
			.isInstanceOf(SerializationException.class);
		assertThat(deserializer.deserialize(Topics.HEARTBEATS, null)).isNull();
		assertThat(registryCalls).hasValue(2);
	}

	@Provide
	Arbitrary<Heartbeat> heartbeats() {
		return this.heartbeats.heartbeats();
	}

	@Provide
	Arbitrary<byte[]> damaged() {
		Arbitrary<byte[]> bodies = heartbeats().map(HeartbeatSerializer::avroBinary);
		Arbitrary<byte[]> changed = Combinators
			.combine(bodies, Arbitraries.integers().between(0, 10_000), Arbitraries.bytes())
			.as((body, at, value) -> {
				byte[] copy = body.clone();
				copy[at % copy.length] = value;
				return copy;
			});
		Arbitrary<byte[]> cut = Combinators.combine(bodies, Arbitraries.integers().between(0, 10_000))
			.as((body, at) -> Arrays.copyOf(body, at % body.length));
		Arbitrary<byte[]> inserted = Combinators
			.combine(bodies, Arbitraries.integers().between(0, 10_000),
					Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(12))
			.as((body, at, extra) -> {
				int split = at % body.length;
				List<Byte> all = new ArrayList<>();
				for (int i = 0; i < split; i++) {
					all.add(body[i]);
				}
				for (byte b : extra) {
					all.add(b);
				}
				for (int i = split; i < body.length; i++) {
					all.add(body[i]);
				}
				byte[] result = new byte[all.size()];
				for (int i = 0; i < result.length; i++) {
					result[i] = all.get(i);
				}
				return result;
			});
		return Arbitraries.oneOf(changed, cut, inserted);
	}

	/** A stand-in for the registry deserializer: Avro's reader after the header. */
	private static Deserializer<Heartbeat> registry(AtomicInteger calls) {
		return (topic, data) -> {
			calls.incrementAndGet();
			if (data == null) {
				return null;
			}
			if (data.length < HEADER.length || data[0] != 0) {
				throw new SerializationException("Not the Confluent wire format");
			}
			return avro(Arrays.copyOfRange(data, HEADER.length, data.length));
		};
	}

	private static byte[] framed(Heartbeat heartbeat) {
		byte[] body = HeartbeatSerializer.avroBinary(heartbeat);
		byte[] framed = Arrays.copyOf(HEADER, HEADER.length + body.length);
		System.arraycopy(body, 0, framed, HEADER.length, body.length);
		return framed;
	}

	private static Heartbeat avro(byte[] body) {
		try {
			return new SpecificDatumReader<Heartbeat>(Heartbeat.getClassSchema()).read(null,
					DecoderFactory.get().binaryDecoder(body, null));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
