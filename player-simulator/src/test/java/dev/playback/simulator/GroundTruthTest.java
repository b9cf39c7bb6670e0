package dev.playback.simulator;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.playback.schemas.AdInfo;
import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The truth's statements and report rows, worked out by hand. */
class GroundTruthTest {

	private static final Instant T0 = Instant.parse("2026-11-25T23:59:50Z");

	private final SimCatalog catalog = new SimCatalog(
			List.of(new SimCatalog.Holder("h", "EUR",
					List.of(new SimCatalog.RateCard(LocalDate.parse("2026-11-01"), new BigDecimal("100.123457")),
							new SimCatalog.RateCard(LocalDate.parse("2026-11-26"), new BigDecimal("7.5"))))),
			List.of(new SimCatalog.Video("v1", "h", 600_000), new SimCatalog.Video("v2", "h", 600_000)),
			List.of(new SimCatalog.Advertiser("brand")), List.of(new SimCatalog.Campaign("c", "brand")),
			List.of(new SimCatalog.Ad("ad", "c", 6_000)));

	@Test
	void aStatementPricesEachDayByItsCardAndRoundsOncePerLine() {
		// 40 s of play from 23:59:50: 5 s on the 25th, 35 s on the 26th (each interval
		// counts on the day of its later event)
		List<Heartbeat> events = new ArrayList<>();
		events.add(event("u1", "pb1", 0, EventType.START, 0, 0, null));
		for (int i = 1; i <= 8; i++) {
			events.add(event("u1", "pb1", i, EventType.HEARTBEAT, i * 5_000L, i * 5_000L, null));
		}
		// sent twice: counted once
		events.add(events.get(3));

		GroundTruth truth = GroundTruth.of("t", this.catalog, events);

		GroundTruth.Session session = truth.sessions().get("u1").get(0);
		assertThat(session.playedMsByDay()).isEqualTo(Map.of("2026-11-25", 5_000L, "2026-11-26", 35_000L));
		assertThat(truth.events()).isEqualTo(9);
		GroundTruth.Statement november = truth.statements().get(0);
		assertThat(november.month()).isEqualTo("2026-11");
		// (5,000 x 100.123457 + 35,000 x 7.5) / 3,600,000 = 0.21197702...
		assertThat(november.lines()).containsExactly(
				new GroundTruth.Line("v1", new BigDecimal("0.011111"), 1, 1, new BigDecimal("0.21"),
						new BigDecimal("0.000000")),
				new GroundTruth.Line("v2", new BigDecimal("0.000000"), 0, 0, new BigDecimal("0.00"),
						new BigDecimal("0.000000")));
		assertThat(november.total()).isEqualByComparingTo("0.21");
	}

	@Test
	void anAdPlaybackCountsInTheHourItStarted() {
		List<Heartbeat> events = new ArrayList<>();
		events.add(event("u2", "pb2", 0, EventType.START, 0, 0, null));
		events.add(event("u2", "pb2", 1, EventType.AD_START, 0, 100, ad(0)));
		events.add(event("u2", "pb2", 2, EventType.AD_HEARTBEAT, 0, 1_100, ad(1_000)));
		events.add(event("u2", "pb2", 3, EventType.AD_HEARTBEAT, 0, 2_100, ad(2_000)));
		events.add(event("u2", "pb2", 4, EventType.AD_HEARTBEAT, 0, 3_100, ad(3_000)));
		events.add(event("u2", "pb2", 5, EventType.AD_SKIP, 0, 3_100, ad(3_000)));

		GroundTruth truth = GroundTruth.of("t", this.catalog, events);

		assertThat(truth.adRows()).containsExactly(new GroundTruth.AdRow("brand", Instant.parse("2026-11-25T23:00:00Z"),
				"ad", 1, 1, 1, 1, 0, 0, 1, 0, 3_000, 1, 0, 0, 0));
		assertThat(truth.statements().get(0).lines()).allMatch((line) -> line.qualifyingViews() == 0);
	}

	private static AdInfo ad(long positionMs) {
		return new AdInfo("pb2-ad", "ad", positionMs, 6_000L, null, null);
	}

	private static Heartbeat event(String user, String playback, long seq, EventType type, long positionMs,
			long afterMs, AdInfo ad) {
		return Heartbeat.newBuilder()
			.setEventId("6f1c3a52-36f4-4b8e-9d0e-0d7b6c1f6a11")
			.setPlaybackId(playback)
			.setSeq(seq)
			.setUserId(user)
			.setVideoId("v1")
			.setType(type)
			.setPositionMs(positionMs)
			.setEventTime(T0.plusMillis(afterMs))
			.setReceivedAt(T0.plusMillis(afterMs))
			.setAd(ad)
			.build();
	}

}
