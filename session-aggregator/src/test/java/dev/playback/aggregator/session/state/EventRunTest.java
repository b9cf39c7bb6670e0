package dev.playback.aggregator.session.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.playback.schemas.AdInfo;
import dev.playback.schemas.DeviceType;
import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compact form of stored events gives back every field the session rules read, for
 * any values, against any reference.
 */
class EventRunTest {

	@Property(tries = 2_000)
	void eventsReadBackAsTheyWerePutButForTheirId(@ForAll("heartbeats") Heartbeat reference,
			@ForAll("runs") List<Heartbeat> events) {
		EventRun run = EventRun.referring(reference);
		Map<Long, Heartbeat> expected = new LinkedHashMap<>();
		for (Heartbeat event : events) {
			run.put(event);
			expected.put(event.getSeq(), withoutId(event));
		}
		List<Heartbeat> ascending = new ArrayList<>(expected.values());
		ascending.sort(Comparator.comparingLong(Heartbeat::getSeq));

		EventRun read = EventRun.fromBytes(run.toBytes());

		if (events.isEmpty()) {
			assertThat(read).isNull();
			return;
		}
		List<Heartbeat> all = new ArrayList<>();
		read.addRange(Long.MIN_VALUE, Long.MAX_VALUE, "user-1", "pb-1", all);
		assertThat(all).isEqualTo(ascending);
		for (Heartbeat event : ascending) {
			assertThat(read.get(event.getSeq(), "user-1", "pb-1")).isEqualTo(event);
		}
		assertThat(read.toBytes()).as("read back, it writes the same bytes").isEqualTo(run.toBytes());
	}

	@Example
	void aContentHeartbeatLikeItsReferenceTakesAFewBytes() {
		Instant at = Instant.parse("2026-11-26T20:00:00Z");
		Heartbeat first = heartbeat(0, at, 0).build();
		EventRun run = EventRun.referring(first);
		run.put(first);
		int one = run.toBytes().length;
		run.put(heartbeat(1, at.plusSeconds(5), 5_000).setReceivedAt(at.plusMillis(5_090)).build());

		assertThat(run.toBytes().length - one).as("seq, length, flags, type, three times, a position")
			.isLessThanOrEqualTo(12);
	}

	private static Heartbeat withoutId(Heartbeat event) {
		return Heartbeat.newBuilder(event).setEventId("").build();
	}

	private static Heartbeat.Builder heartbeat(long seq, Instant at, long positionMs) {
		return Heartbeat.newBuilder()
			.setEventId("7f0c2a52-6f0e-4c1e-9a43-5b8e1b7f4d21")
			.setPlaybackId("pb-1")
			.setSeq(seq)
			.setUserId("user-1")
			.setDeviceId("device-1")
			.setVideoId("video-1")
			.setType(EventType.HEARTBEAT)
			.setPositionMs(positionMs)
			.setEventTime(at)
			.setReceivedAt(at)
			.setCountry("DE")
			.setDeviceType(DeviceType.TV);
	}

	@Provide
	Arbitrary<List<Heartbeat>> runs() {
		return heartbeats().list().ofMaxSize(12);
	}

	@Provide
	Arbitrary<Heartbeat> heartbeats() {
		Arbitrary<String> ids = Arbitraries.of("video-1", "video-2", "d", "é-ü-✓");
		Arbitrary<String> optional = Arbitraries.of("device-1", "DE", "x").injectNull(0.3);
		Arbitrary<Long> longs = Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-10_000, 10_000),
				Arbitraries.longs().between(1_700_000_000_000L, 1_900_000_000_000L));
		Arbitrary<AdInfo> ads = Builders.withBuilder(AdInfo::newBuilder)
			.use(Arbitraries.of("adpb-1", "adpb-2"))
			.in(AdInfo.Builder::setAdPlaybackId)
			.use(Arbitraries.of("ad-1", "ad-✓"))
			.in(AdInfo.Builder::setAdId)
			.use(longs)
			.in(AdInfo.Builder::setPositionMs)
			.use(longs)
			.in(AdInfo.Builder::setDurationMs)
			.build(AdInfo.Builder::build);
		return Builders
			.withBuilder(() -> Heartbeat.newBuilder().setEventId("").setPlaybackId("pb-1").setUserId("user-1"))
			.use(Arbitraries.longs().between(0, 40))
			.in(Heartbeat.Builder::setSeq)
			.use(ids)
			.in(Heartbeat.Builder::setVideoId)
			.use(optional)
			.in(Heartbeat.Builder::setDeviceId)
			.use(optional)
			.in(Heartbeat.Builder::setCountry)
			.use(Arbitraries.of(DeviceType.class).injectNull(0.3))
			.in(Heartbeat.Builder::setDeviceType)
			.use(Arbitraries.of(EventType.class))
			.in(Heartbeat.Builder::setType)
			.use(longs)
			.in(Heartbeat.Builder::setPositionMs)
			.use(longs.injectNull(0.5))
			.in(Heartbeat.Builder::setFromPositionMs)
			.use(longs.injectNull(0.5))
			.in(Heartbeat.Builder::setVideoDurationMs)
			.use(longs.map(Instant::ofEpochMilli))
			.in(Heartbeat.Builder::setEventTime)
			.use(longs.map(Instant::ofEpochMilli))
			.in(Heartbeat.Builder::setReceivedAt)
			.use(ads.injectNull(0.5))
			.in(Heartbeat.Builder::setAd)
			.build(Heartbeat.Builder::build);
	}

}
