package dev.playback.schemas;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CachingAvroDatumProviderTest {

	private final CachingAvroDatumProvider<Object> provider = new CachingAvroDatumProvider<>();

	@Test
	void writersAndReadersAreMadeOncePerSchemaInstance() {
		Heartbeat heartbeat = Heartbeat.newBuilder()
			.setEventId("e")
			.setPlaybackId("p")
			.setSeq(0)
			.setUserId("u")
			.setVideoId("v")
			.setType(EventType.START)
			.setPositionMs(0)
			.setEventTime(Instant.EPOCH)
			.setReceivedAt(Instant.EPOCH)
			.build();
		var writer = this.provider.createDatumWriter(heartbeat, Heartbeat.getClassSchema());
		assertThat(this.provider.createDatumWriter(heartbeat, Heartbeat.getClassSchema())).isSameAs(writer);
		assertThat(this.provider.createDatumReader(Heartbeat.getClassSchema()))
			.isSameAs(this.provider.createDatumReader(Heartbeat.getClassSchema()));
		assertThat(this.provider.createDatumReader(ViewingSession.getClassSchema()))
			.isNotSameAs(this.provider.createDatumReader(Heartbeat.getClassSchema()));
	}

}
