package dev.playback.schemas;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.playback.infra.LocalInfrastructure;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against the real registry over HTTP: our serde writes what a Confluent-compatible
 * reader expects (magic byte 0, then the 4-byte id that the ccompat API reports for the
 * subject).
 */
class ConfluentWireFormatIT {

	private final LocalInfrastructure infra = LocalInfrastructure.shared();

	@Test
	void heartbeatsAreWrittenInTheConfluentWireFormatAndReadBack() throws Exception {
		Heartbeat heartbeat = Heartbeat.newBuilder()
			.setEventId("6f1c3a52-36f4-4b8e-9d0e-0d7b6c1f6a11")
			.setPlaybackId("pb-1")
			.setSeq(0)
			.setUserId("user-1")
			.setVideoId("video-1")
			.setType(EventType.START)
			.setPositionMs(0)
			.setEventTime(Instant.parse("2026-11-01T10:00:00Z"))
			.setReceivedAt(Instant.parse("2026-11-01T10:00:00.120Z"))
			.setDeviceType(DeviceType.TV)
			.build();
		try (Serde<Heartbeat> serde = AvroSerdes.valueSerde(this.infra.registry().apiUrl())) {
			byte[] bytes = serde.serializer().serialize(Topics.HEARTBEATS, heartbeat);

			assertThat(bytes[0]).as("magic byte").isZero();
			int writtenId = ByteBuffer.wrap(bytes, 1, 4).getInt();
			assertThat(writtenId).isEqualTo(confluentSchemaId(Topics.HEARTBEATS + "-value"));
			assertThat(serde.deserializer().deserialize(Topics.HEARTBEATS, bytes)).isEqualTo(heartbeat);
			// the registry client runs over java.net.http: no Vert.x event loop was
			// started
			assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
				.noneMatch((name) -> name.startsWith("vert.x-"));
		}
	}

	@Test
	void theHeartbeatSerializerWritesWhatTheRegistrySerializerWrites() throws Exception {
		Heartbeat first = Heartbeat.newBuilder()
			.setEventId("6f1c3a52-36f4-4b8e-9d0e-0d7b6c1f6a12")
			.setPlaybackId("pb-2")
			.setSeq(0)
			.setUserId("user-2")
			.setVideoId("video-1")
			.setType(EventType.START)
			.setPositionMs(0)
			.setEventTime(Instant.parse("2026-11-01T10:00:00Z"))
			.setReceivedAt(Instant.parse("2026-11-01T10:00:00.120Z"))
			.build();
		Heartbeat second = Heartbeat.newBuilder(first)
			.setSeq(1)
			.setType(EventType.AD_HEARTBEAT)
			.setCountry("DE")
			.setDeviceType(DeviceType.IOS)
			.setAd(new AdInfo("ad-pb-1", "ad-1", 1_000L, 15_000L, null, null))
			.build();
		try (Serde<Heartbeat> serde = AvroSerdes.valueSerde(this.infra.registry().apiUrl());
				HeartbeatSerializer serializer = new HeartbeatSerializer(serde.serializer())) {
			byte[] registered = serializer.serialize(Topics.HEARTBEATS, first);
			byte[] direct = serializer.serialize(Topics.HEARTBEATS, second);

			assertThat(direct).startsWith(Arrays.copyOf(registered, 5));
			assertThat(direct).isEqualTo(serde.serializer().serialize(Topics.HEARTBEATS, second));
			assertThat(serde.deserializer().deserialize(Topics.HEARTBEATS, direct)).isEqualTo(second);
		}
	}

	@Test
	void theHeartbeatDeserializerReadsItsOwnSchemaDirectlyAndOthersThroughTheRegistry() throws Exception {
		Heartbeat heartbeat = Heartbeat.newBuilder()
			.setEventId("6f1c3a52-36f4-4b8e-9d0e-0d7b6c1f6a13")
			.setPlaybackId("pb-3")
			.setSeq(4)
			.setUserId("user-3")
			.setVideoId("video-1")
			.setType(EventType.PAUSE)
			.setPositionMs(60_000)
			.setEventTime(Instant.parse("2026-11-01T10:00:00Z"))
			.setReceivedAt(Instant.parse("2026-11-01T10:00:00.120Z"))
			.setCountry("FR")
			.build();
		// a newer writer on another topic: one more field at the end
		List<Schema.Field> fields = new ArrayList<>();
		for (Schema.Field field : Heartbeat.getClassSchema().getFields()) {
			fields.add(new Schema.Field(field, field.schema()));
		}
		fields.add(new Schema.Field("extra", Schema.create(Schema.Type.STRING), null, ""));
		Schema newer = Schema.createRecord("Heartbeat", null, "dev.playback.schemas", false, fields);
		String topic = "test.heartbeats.newer-writer";
		GenericRecord written = new GenericData.Record(newer);
		for (Schema.Field field : Heartbeat.getClassSchema().getFields()) {
			Object value = heartbeat.get(field.name());
			written.put(field.name(),
					(value instanceof Instant instant) ? (Object) instant.toEpochMilli()
							: (value instanceof EventType type)
									? new GenericData.EnumSymbol(field.schema(), type.name()) : value);
		}
		written.put("extra", "from a newer player");
		try (Serde<Heartbeat> serde = AvroSerdes.heartbeatSerde(this.infra.registry().apiUrl());
				AvroKafkaSerializer<GenericRecord> newerWriter = new AvroKafkaSerializer<>()) {
			newerWriter.configure(AvroSerdes.serializerConfig(this.infra.registry().apiUrl()), false);
			HeartbeatDeserializer deserializer = (HeartbeatDeserializer) serde.deserializer();
			byte[] own = serde.serializer().serialize(Topics.HEARTBEATS, heartbeat);
			byte[] other = newerWriter.serialize(topic, written);

			assertThat(deserializer.deserialize(Topics.HEARTBEATS, own)).isEqualTo(heartbeat);
			assertThat(deserializer.readsDirectly(ByteBuffer.wrap(own, 1, 4).getInt())).isTrue();
			Heartbeat read = deserializer.deserialize(topic, other);
			assertThat(deserializer.readsDirectly(ByteBuffer.wrap(other, 1, 4).getInt())).isFalse();
			assertThat(read).isEqualTo(heartbeat);
		}
	}

	private int confluentSchemaId(String subject) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create(
						this.infra.registry().confluentCompatibleUrl() + "/subjects/" + subject + "/versions/latest"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		Matcher id = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(response.body());
		assertThat(id.find()).as(response.body()).isTrue();
		return Integer.parseInt(id.group(1));
	}

}
