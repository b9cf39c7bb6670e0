package dev.playback.schemas;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.playback.infra.LocalInfrastructure;
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
			.setAd(new AdInfo("ad-pb-1", "ad-1", 1_000L, 15_000L))
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
