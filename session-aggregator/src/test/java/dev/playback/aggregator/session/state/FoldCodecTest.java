package dev.playback.aggregator.session.state;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import dev.playback.rules.Playbacks;
import dev.playback.rules.SessionFold;
import dev.playback.schemas.AdInfo;
import dev.playback.schemas.BufferDataOutput;
import dev.playback.schemas.DeviceType;
import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.InvalidTraffic;
import dev.playback.schemas.TrafficClass;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

class FoldCodecTest {

	/**
	 * Format 1: the bytes the fold's own writeTo wrote before the codec moved to the
	 * aggregator (a run of that version on these events), which the stores may still
	 * hold.
	 */
	private static final String WRITTEN_BEFORE = "01000970622d676f6c64656e0006757365722d670007766964656f2d670100056465762d3101000244450300000000000927c00000000000000000000001a2ce8b85e0000000000000000a000001a2ce8c0ab000000000000124f8020000000b0000000000000124f8000001a2ce8c0ab00000000200000000000000000000000000002ee0000000000000ea6000000000000124f800000000000069780000000200000000000051520000000000002ee000000000000051530000000000003a9800000001000461702d31000461642d31000001a2ce8bdfb80000000000001770000001a2ce8bf7280000000000001770000000000000177000000000000017700000000000001770000000000000177005";

	@Example
	void readsTheFormatOneStateAlreadyInTheStores() throws IOException {
		SessionFold fold = fold(golden());
		SessionFold read = FoldCodec
			.read(new DataInputStream(new ByteArrayInputStream(HexFormat.of().parseHex(WRITTEN_BEFORE))));
		// valid traffic, its ad playback unmeasured: what format 1's events were
		assertThat(read.summary("s")).isEqualTo(fold.summary("s"));
		assertThat(read.invalidTraffic()).isNull();
		assertThat(read.summary("s").ads()).singleElement().satisfies((ad) -> {
			assertThat(ad.measurable()).isFalse();
			assertThat(ad.viewable()).isFalse();
		});
		// written back in format 2, which starts as format 1 did
		byte[] rewritten = bytes(read);
		assertThat(rewritten[0]).isEqualTo((byte) 2);
		assertThat(FoldCodec.read(new DataInputStream(new ByteArrayInputStream(rewritten))).summary("s"))
			.isEqualTo(fold.summary("s"));
	}

	@Example
	void keepsInvalidTrafficAndViewabilityThroughItsBytes() throws IOException {
		List<Heartbeat> events = new java.util.ArrayList<>(golden());
		events.set(6,
				Heartbeat.newBuilder(events.get(6))
					.setAd(new AdInfo("ap-1", "ad-1", 1_000L, 6_000L, 80, "srv-1"))
					.setTrafficClass(TrafficClass.GIVT_DATACENTER)
					.build());
		SessionFold fold = fold(events);
		SessionFold read = FoldCodec.read(new DataInputStream(new ByteArrayInputStream(bytes(fold))));
		assertThat(read.invalidTraffic()).isEqualTo(InvalidTraffic.GIVT_DATACENTER);
		assertThat(read.summary("s").ads().get(0).adServingId()).isEqualTo("srv-1");
		assertThat(read.summary("s")).isEqualTo(fold.summary("s"));
		assertThat(read.state().activityTimes()).isEmpty();
		// a valid fold keeps its recent event times for the activity rule
		SessionFold valid = fold(golden());
		SessionFold validRead = FoldCodec.read(new DataInputStream(new ByteArrayInputStream(bytes(valid))));
		assertThat(validRead.state().activityTimes()).containsExactly(valid.state().activityTimes());
		assertThat(valid.state().activityTimes()).isNotEmpty();
	}

	/**
	 * Any playback's fold through its bytes and back: the same session, the same bytes.
	 */
	@Property(tries = 500)
	void aFoldReadBackIsTheSameFold(@ForAll("playbacks") List<Heartbeat> events) throws IOException {
		SessionFold fold = fold(events);
		SessionFold read = FoldCodec.read(new DataInputStream(new ByteArrayInputStream(bytes(fold))));
		assertThat(read.summary("s")).isEqualTo(fold.summary("s"));
		assertThat(bytes(read)).isEqualTo(bytes(fold));
		assertThat(read.state().activityTimes()).containsExactly(fold.state().activityTimes());
		// and it folds on as the original does
		Heartbeat next = Heartbeat.newBuilder(events.get(events.size() - 1))
			.setSeq(fold.lastSeq() + 1)
			.setType(EventType.HEARTBEAT)
			.setAd(null)
			.setEventTime(fold.lastEventAt().plusSeconds(5))
			.build();
		fold.apply(next);
		read.apply(next);
		assertThat(read.summary("s")).isEqualTo(fold.summary("s"));
	}

	@Provide
	Arbitrary<List<Heartbeat>> playbacks() {
		return Playbacks.any();
	}

	private static SessionFold fold(List<Heartbeat> events) {
		SessionFold fold = SessionFold.startingWith(events.get(0));
		for (Heartbeat event : events.subList(1, events.size())) {
			fold.apply(event);
		}
		return fold;
	}

	private static byte[] bytes(SessionFold fold) throws IOException {
		BufferDataOutput bytes = new BufferDataOutput(256);
		FoldCodec.write(bytes, fold);
		return bytes.toByteArray();
	}

	private static Heartbeat hb(long seq, EventType type, String at, long position, Long from, AdInfo ad) {
		return Heartbeat.newBuilder()
			.setEventId("e" + seq)
			.setPlaybackId("pb-golden")
			.setSeq(seq)
			.setUserId("user-g")
			.setDeviceId((seq == 0) ? null : "dev-1")
			.setVideoId("video-g")
			.setType(type)
			.setPositionMs(position)
			.setFromPositionMs(from)
			.setVideoDurationMs((seq < 2) ? null : 600_000L)
			.setEventTime(Instant.parse(at))
			.setReceivedAt(Instant.parse(at))
			.setCountry((seq < 3) ? null : "DE")
			.setDeviceType((seq < 4) ? null : DeviceType.TV)
			.setAd(ad)
			.build();
	}

	private static AdInfo ad(long position) {
		return new AdInfo("ap-1", "ad-1", position, 6_000L, null, null);
	}

	private static List<Heartbeat> golden() {
		return List.of(hb(0, EventType.START, "2026-12-31T23:59:40Z", 0, null, null),
				hb(1, EventType.HEARTBEAT, "2026-12-31T23:59:45Z", 5_000, null, null),
				hb(2, EventType.HEARTBEAT, "2026-12-31T23:59:50Z", 10_000, null, null),
				hb(3, EventType.SEEK, "2026-12-31T23:59:52Z", 60_000, 12_000L, null),
				hb(4, EventType.HEARTBEAT, "2027-01-01T00:00:02Z", 70_000, null, null),
				hb(5, EventType.AD_START, "2027-01-01T00:00:03Z", 71_000, null, ad(0)),
				hb(6, EventType.AD_HEARTBEAT, "2027-01-01T00:00:04Z", 71_000, null, ad(1_000)),
				hb(7, EventType.AD_CLICK, "2027-01-01T00:00:05Z", 71_000, null, ad(2_000)),
				hb(8, EventType.AD_COMPLETE, "2027-01-01T00:00:09Z", 71_000, null, ad(6_000)),
				hb(9, EventType.RESUME, "2027-01-01T00:00:10Z", 71_000, null, null),
				hb(10, EventType.PAUSE, "2027-01-01T00:00:14Z", 75_000, null, null));
	}

}
