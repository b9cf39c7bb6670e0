package dev.playback.schemas;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PatientDeserializerTest {

	private static final byte[] FRAMED = { 0, 0, 0, 0, 42, 7 };

	@Test
	void aNewSchemaIdWaitsForTheRegistryBeforeTheRecordIsRead() {
		AtomicInteger lookups = new AtomicInteger();
		AtomicInteger reads = new AtomicInteger();
		Deserializer<String> registered = (topic, data) -> {
			// the registry deserializer reads only once the schema was found
			assertThat(lookups).hasValueGreaterThanOrEqualTo(3);
			reads.incrementAndGet();
			return "session";
		};
		PatientDeserializer<String> deserializer = new PatientDeserializer<>(registered,
				new PatientSchemaLookup((id) -> {
					assertThat(id).isEqualTo(42);
					if (lookups.incrementAndGet() < 3) {
						throw new IllegalStateException(new ConnectException("Connection refused"));
					}
					return Heartbeat.getClassSchema();
				}, Duration.ofSeconds(1), Duration.ofMillis(50)));

		assertThat(deserializer.deserialize(Topics.SESSIONS, FRAMED)).isEqualTo("session");
		assertThat(deserializer.deserialize(Topics.SESSIONS, null, FRAMED)).isEqualTo("session");
		assertThat(lookups).as("an id is waited for once").hasValue(3);
		assertThat(reads).hasValue(2);
	}

	@Test
	void recordsWithoutTheConfluentHeaderGoStraightToTheRegistryDeserializer() {
		PatientDeserializer<String> deserializer = new PatientDeserializer<>((topic, data) -> "read", (id) -> {
			throw new AssertionError("no id to look up");
		});

		assertThat(deserializer.deserialize(Topics.SESSIONS, "not avro".getBytes())).isEqualTo("read");
		assertThat(deserializer.deserialize(Topics.SESSIONS, null)).isEqualTo("read");
	}

}
