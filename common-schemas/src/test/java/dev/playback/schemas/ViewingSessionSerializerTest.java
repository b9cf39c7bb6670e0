package dev.playback.schemas;

import java.time.Instant;
import java.time.LocalDate;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

class ViewingSessionSerializerTest {

	@Property(tries = 2000)
	void writesTheBytesAvroItselfWrites(@ForAll("sessions") ViewingSession session) {
		assertThat(new ViewingSessionSerializer(null).body(session)).isEqualTo(HeartbeatSerializerTest.avro(session));
	}

	@Provide
	Arbitrary<ViewingSession> sessions() {
		Arbitrary<String> ids = Arbitraries.strings().ofMinLength(0).ofMaxLength(70);
		Arbitrary<Long> longs = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-300, 300));
		Arbitrary<Instant> instants = Arbitraries.longs()
			.between(-10_000_000_000_000L, 10_000_000_000_000L)
			.map(Instant::ofEpochMilli);
		Arbitrary<Segment> segments = Builders.withBuilder(Segment::newBuilder)
			.use(longs)
			.in(Segment.Builder::setStartMs)
			.use(longs)
			.in(Segment.Builder::setEndMs)
			.build(Segment.Builder::build);
		Arbitrary<DailyPlay> days = Builders.withBuilder(DailyPlay::newBuilder)
			.use(Arbitraries.integers().between(-1_000_000, 1_000_000).map(LocalDate::ofEpochDay))
			.in(DailyPlay.Builder::setDay)
			.use(longs)
			.in(DailyPlay.Builder::setPlayedMs)
			.build(DailyPlay.Builder::build);
		Arbitrary<AdPlayback> ads = Builders.withBuilder(AdPlayback::newBuilder)
			.use(ids)
			.in(AdPlayback.Builder::setAdPlaybackId)
			.use(ids)
			.in(AdPlayback.Builder::setAdId)
			.use(longs)
			.in(AdPlayback.Builder::setDurationMs)
			.use(instants)
			.in(AdPlayback.Builder::setStartedAt)
			.use(longs)
			.in(AdPlayback.Builder::setAdPlayedMs)
			.use(longs)
			.in(AdPlayback.Builder::setMaxContinuousMs)
			.use(longs)
			.in(AdPlayback.Builder::setMaxPositionMs)
			.use(Arbitraries.of(true, false))
			.in(AdPlayback.Builder::setCompleted)
			.use(Arbitraries.of(true, false))
			.in(AdPlayback.Builder::setSkipped)
			.use(Arbitraries.of(true, false))
			.in(AdPlayback.Builder::setClicked)
			.build(AdPlayback.Builder::build);
		return Builders.withBuilder(ViewingSession::newBuilder)
			.use(ids)
			.in(ViewingSession.Builder::setSessionId)
			.use(ids)
			.in(ViewingSession.Builder::setPlaybackId)
			.use(longs)
			.in(ViewingSession.Builder::setRevision)
			.use(ids)
			.in(ViewingSession.Builder::setUserId)
			.use(ids)
			.in(ViewingSession.Builder::setVideoId)
			.use(ids.injectNull(0.5))
			.in(ViewingSession.Builder::setDeviceId)
			.use(ids.injectNull(0.5))
			.in(ViewingSession.Builder::setCountry)
			.use(Arbitraries.of(DeviceType.class).injectNull(0.5))
			.in(ViewingSession.Builder::setDeviceType)
			.use(longs.injectNull(0.5))
			.in(ViewingSession.Builder::setVideoDurationMs)
			.use(instants)
			.in(ViewingSession.Builder::setStartedAt)
			.use(instants)
			.in(ViewingSession.Builder::setLastEventAt)
			.use(longs)
			.in(ViewingSession.Builder::setLastPositionMs)
			.use(segments.list().ofMaxSize(5))
			.in(ViewingSession.Builder::setSegments)
			.use(longs)
			.in(ViewingSession.Builder::setUniqueWatchedMs)
			.use(longs)
			.in(ViewingSession.Builder::setPlayedMs)
			.use(days.list().ofMaxSize(3))
			.in(ViewingSession.Builder::setPlayedMsByDay)
			.use(ads.list().ofMaxSize(3))
			.in(ViewingSession.Builder::setAds)
			.use(longs)
			.in(ViewingSession.Builder::setEventCount)
			.use(Arbitraries.of(true, false))
			.in(ViewingSession.Builder::setClosed)
			.build(ViewingSession.Builder::build);
	}

}
