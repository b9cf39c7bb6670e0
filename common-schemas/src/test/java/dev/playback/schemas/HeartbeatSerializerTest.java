package dev.playback.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatSerializerTest {

	private static final byte[] HEADER = { 0, 0, 0, 0, 42 };

	@Property(tries = 2000)
	void writesTheBytesAvroItselfWrites(@ForAll("heartbeats") Heartbeat heartbeat) {
		assertThat(HeartbeatSerializer.avroBinary(heartbeat)).isEqualTo(avro(heartbeat));
	}

	@Example
	void reusesTheRegistrySerializersHeaderAfterTheFirstRecord() {
		AtomicInteger registryCalls = new AtomicInteger();
		Serializer<Heartbeat> registered = (topic, heartbeat) -> {
			registryCalls.incrementAndGet();
			return concat(HEADER, avro(heartbeat));
		};
		HeartbeatSerializer serializer = new HeartbeatSerializer(registered);
		Heartbeat first = heartbeat("a");
		Heartbeat second = heartbeat("b");

		assertThat(serializer.serialize(Topics.HEARTBEATS, first)).isEqualTo(concat(HEADER, avro(first)));
		assertThat(serializer.serialize(Topics.HEARTBEATS, second)).isEqualTo(concat(HEADER, avro(second)));
		assertThat(registryCalls).hasValue(1);
	}

	@Example
	void keepsUsingTheRegistrySerializerWhenItWritesAnotherFormat() {
		AtomicInteger registryCalls = new AtomicInteger();
		// e.g. the schema id in record headers instead of the payload
		Serializer<Heartbeat> registered = (topic, heartbeat) -> {
			registryCalls.incrementAndGet();
			return avro(heartbeat);
		};
		HeartbeatSerializer serializer = new HeartbeatSerializer(registered);
		Heartbeat heartbeat = heartbeat("a");

		assertThat(serializer.serialize(Topics.HEARTBEATS, heartbeat)).isEqualTo(avro(heartbeat));
		assertThat(serializer.serialize(Topics.HEARTBEATS, heartbeat)).isEqualTo(avro(heartbeat));
		assertThat(registryCalls).hasValue(2);
	}

	@Provide
	Arbitrary<Heartbeat> heartbeats() {
		Arbitrary<String> ids = Arbitraries.strings().ofMinLength(0).ofMaxLength(70);
		Arbitrary<Long> longs = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-300, 300));
		Arbitrary<Instant> instants = Arbitraries.longs()
			.between(-10_000_000_000_000L, 10_000_000_000_000L)
			.map(Instant::ofEpochMilli);
		Arbitrary<AdInfo> ads = Builders.withBuilder(AdInfo::newBuilder)
			.use(ids)
			.in(AdInfo.Builder::setAdPlaybackId)
			.use(ids)
			.in(AdInfo.Builder::setAdId)
			.use(longs)
			.in(AdInfo.Builder::setPositionMs)
			.use(longs)
			.in(AdInfo.Builder::setDurationMs)
			.use(Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.integers().between(-1, 101)).injectNull(0.3))
			.in(AdInfo.Builder::setViewablePercent)
			.use(ids.injectNull(0.3))
			.in(AdInfo.Builder::setAdServingId)
			.build(AdInfo.Builder::build);
		return Builders.withBuilder(Heartbeat::newBuilder)
			.use(ids)
			.in(Heartbeat.Builder::setEventId)
			.use(ids)
			.in(Heartbeat.Builder::setPlaybackId)
			.use(longs)
			.in(Heartbeat.Builder::setSeq)
			.use(ids)
			.in(Heartbeat.Builder::setUserId)
			.use(ids.injectNull(0.5))
			.in(Heartbeat.Builder::setDeviceId)
			.use(ids)
			.in(Heartbeat.Builder::setVideoId)
			.use(Arbitraries.of(EventType.class))
			.in(Heartbeat.Builder::setType)
			.use(longs)
			.in(Heartbeat.Builder::setPositionMs)
			.use(longs.injectNull(0.5))
			.in(Heartbeat.Builder::setFromPositionMs)
			.use(longs.injectNull(0.5))
			.in(Heartbeat.Builder::setVideoDurationMs)
			.use(instants)
			.in(Heartbeat.Builder::setEventTime)
			.use(instants)
			.in(Heartbeat.Builder::setReceivedAt)
			.use(ids.injectNull(0.5))
			.in(Heartbeat.Builder::setCountry)
			.use(Arbitraries.of(DeviceType.class).injectNull(0.5))
			.in(Heartbeat.Builder::setDeviceType)
			.use(ads.injectNull(0.5))
			.in(Heartbeat.Builder::setAd)
			.use(ids.injectNull(0.5))
			.in(Heartbeat.Builder::setSdk)
			.build(Heartbeat.Builder::build);
	}

	static Heartbeat heartbeat(String playbackId) {
		return Heartbeat.newBuilder()
			.setEventId("6f1c3a52-36f4-4b8e-9d0e-0d7b6c1f6a11")
			.setPlaybackId(playbackId)
			.setSeq(3)
			.setUserId("user-1")
			.setVideoId("video-1")
			.setType(EventType.HEARTBEAT)
			.setPositionMs(5_000)
			.setEventTime(Instant.parse("2026-11-01T10:00:05Z"))
			.setReceivedAt(Instant.parse("2026-11-01T10:00:05.120Z"))
			.build();
	}

	/** What Avro's own writer makes of a record: the reference for the direct writers. */
	static <T extends SpecificRecord> byte[] avro(T record) {
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
			new SpecificDatumWriter<T>(record.getSchema()).write(record, encoder);
			encoder.flush();
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] concat(byte[] first, byte[] second) {
		byte[] all = new byte[first.length + second.length];
		System.arraycopy(first, 0, all, 0, first.length);
		System.arraycopy(second, 0, all, first.length, second.length);
		return all;
	}

}
