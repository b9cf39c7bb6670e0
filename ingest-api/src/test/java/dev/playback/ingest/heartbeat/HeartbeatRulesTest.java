package dev.playback.ingest.heartbeat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.util.unit.DataSize;

import dev.playback.ingest.IngestProperties;
import dev.playback.schemas.EventType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatRulesTest {

	static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");

	static HeartbeatRules rules;

	@BeforeAll
	static void setUp() {
		IngestProperties properties = new IngestProperties(URI.create("http://registry"), Duration.ofSeconds(5),
				Duration.ofSeconds(1), 500, Duration.ofMinutes(5), Duration.ofDays(7), false, 1,
				DataSize.ofMegabytes(1), Duration.ofSeconds(10), false, 0, 0, java.util.List.of(),
				new IngestProperties.Traffic(
						new org.springframework.core.io.ClassPathResource("traffic/bot-agents.txt"),
						java.util.List.of(), null));
		rules = new HeartbeatRules(Clock.fixed(NOW, ZoneOffset.UTC), properties);
	}

	static HeartbeatRequest valid() {
		return new HeartbeatRequest("6f1c3a52-36f4-4b8e-9d0e-0d7b6c1f6a11", "pb-1", 0L, "user-1", null, "video-1",
				EventType.START, 0L, null, 1_800_000L, NOW, "DE", null, null, null);
	}

	static HeartbeatRequest.Ad ad() {
		return new HeartbeatRequest.Ad("adpb-1", "ad-1", 0L, 15_000L);
	}

	private static List<String> fields(HeartbeatRequest event) {
		return rules.check(3, event).stream().map((error) -> error.index() + ":" + error.field()).toList();
	}

	@Test
	void aCompleteEventHasNoErrors() {
		assertThat(rules.check(0, valid())).isEmpty();
	}

	@Test
	void requiredFieldsAreNamedByIndexAndField() {
		HeartbeatRequest empty = new HeartbeatRequest(null, null, null, null, null, null, null, null, null, null, null,
				null, null, null, null);
		assertThat(fields(empty)).containsExactly("3:eventId", "3:eventTime", "3:playbackId", "3:positionMs", "3:seq",
				"3:type", "3:userId", "3:videoId");
	}

	@Test
	void identifiersUseTheContractAlphabetAndLength() {
		HeartbeatRequest event = valid();
		assertThat(fields(new HeartbeatRequest(event.eventId(), "pb 1", 0L, "u/1", null, "x".repeat(65), event.type(),
				0L, null, null, NOW, null, null, null, null)))
			.containsExactly("3:playbackId", "3:userId", "3:videoId");
		assertThat(fields(new HeartbeatRequest(event.eventId(), "a.b_c:d-E9", 0L, "x".repeat(64), null, "v",
				event.type(), 0L, null, null, NOW, null, null, null, null)))
			.isEmpty();
	}

	@Test
	void eventIdMustBeAUuid() {
		HeartbeatRequest event = valid();
		assertThat(fields(new HeartbeatRequest("not-a-uuid", "pb", 0L, "u", null, "v", event.type(), 0L, null, null,
				NOW, null, null, null, null)))
			.containsExactly("3:eventId");
	}

	@Test
	void numbersMustNotBeNegativeAndDurationsPositive() {
		assertThat(fields(new HeartbeatRequest(valid().eventId(), "pb", -1L, "u", null, "v", EventType.SEEK, -5L, -1L,
				0L, NOW, null, null, null, null)))
			.containsExactly("3:fromPositionMs", "3:positionMs", "3:seq", "3:videoDurationMs");
	}

	@Test
	void adEventsNeedAnAdAndOthersMustNotHaveOne() {
		HeartbeatRequest event = valid();
		assertThat(fields(new HeartbeatRequest(event.eventId(), "pb", 1L, "u", null, "v", EventType.AD_START, 0L, null,
				null, NOW, null, null, null, null)))
			.containsExactly("3:ad");
		assertThat(fields(new HeartbeatRequest(event.eventId(), "pb", 1L, "u", null, "v", EventType.HEARTBEAT, 0L, null,
				null, NOW, null, null, ad(), null)))
			.containsExactly("3:ad");
		assertThat(fields(new HeartbeatRequest(event.eventId(), "pb", 1L, "u", null, "v", EventType.AD_HEARTBEAT, 0L,
				null, null, NOW, null, null, ad(), null)))
			.isEmpty();
	}

	@Test
	void adFieldsAreCheckedToo() {
		HeartbeatRequest event = valid();
		assertThat(fields(new HeartbeatRequest(event.eventId(), "pb", 1L, "u", null, "v", EventType.AD_COMPLETE, 0L,
				null, null, NOW, null, null, new HeartbeatRequest.Ad(null, "ad 1", -1L, 0L), null)))
			.containsExactly("3:ad.adId", "3:ad.adPlaybackId", "3:ad.durationMs", "3:ad.positionMs");
	}

	@Test
	void viewablePercentIsAPercentAndAdServingIdAndSdkHaveTheirLengths() {
		HeartbeatRequest event = valid();
		for (long percent : new long[] { 0, 50, 100 }) {
			assertThat(fields(adEvent(new HeartbeatRequest.Ad("apb", "ad", 0L, 1L, percent, "x".repeat(128)), "s")))
				.isEmpty();
		}
		assertThat(fields(adEvent(new HeartbeatRequest.Ad("apb", "ad", 0L, 1L, -1L, "x".repeat(129)), "")))
			.containsExactly("3:ad.adServingId", "3:ad.viewablePercent", "3:sdk");
		assertThat(fields(adEvent(new HeartbeatRequest.Ad("apb", "ad", 0L, 1L, 101L, ""), "x".repeat(65))))
			.containsExactly("3:ad.adServingId", "3:ad.viewablePercent", "3:sdk");
		assertThat(rules.check(0, adEvent(new HeartbeatRequest.Ad("apb", "ad", 0L, 1L, 101L, null), null)))
			.extracting(EventError::message)
			.containsExactly("must be less than or equal to 100");
		assertThat(event.sdk()).isNull();
	}

	private static HeartbeatRequest adEvent(HeartbeatRequest.Ad ad, String sdk) {
		return new HeartbeatRequest(valid().eventId(), "pb", 1L, "u", null, "v", EventType.AD_HEARTBEAT, 0L, null, null,
				NOW, null, null, ad, sdk);
	}

	@Test
	void fromPositionIsForSeeksOnly() {
		HeartbeatRequest event = valid();
		assertThat(fields(new HeartbeatRequest(event.eventId(), "pb", 1L, "u", null, "v", EventType.HEARTBEAT, 10L, 5L,
				null, NOW, null, null, null, null)))
			.containsExactly("3:fromPositionMs");
		assertThat(fields(new HeartbeatRequest(event.eventId(), "pb", 1L, "u", null, "v", EventType.SEEK, 10L, 5L, null,
				NOW, null, null, null, null)))
			.isEmpty();
	}

	@Test
	void eventTimeMayBeAtMostFiveMinutesAheadAndSevenDaysOld() {
		assertThat(fields(withTime(NOW.plus(Duration.ofMinutes(5))))).isEmpty();
		assertThat(fields(withTime(NOW.plus(Duration.ofMinutes(5)).plusMillis(1)))).containsExactly("3:eventTime");
		assertThat(fields(withTime(NOW.minus(Duration.ofDays(7))))).isEmpty();
		assertThat(fields(withTime(NOW.minus(Duration.ofDays(7)).minusMillis(1)))).containsExactly("3:eventTime");
	}

	@Test
	void countryMustBeAnIsoCode() {
		HeartbeatRequest event = valid();
		assertThat(fields(new HeartbeatRequest(event.eventId(), "pb", 0L, "u", null, "v", EventType.START, 0L, null,
				null, NOW, "XX", null, null, null)))
			.containsExactly("3:country");
		assertThat(fields(new HeartbeatRequest(event.eventId(), "pb", 0L, "u", null, "v", EventType.START, 0L, null,
				null, NOW, "de", null, null, null)))
			.containsExactly("3:country");
	}

	private static HeartbeatRequest withTime(Instant eventTime) {
		HeartbeatRequest event = valid();
		return new HeartbeatRequest(event.eventId(), "pb", 0L, "u", null, "v", EventType.START, 0L, null, null,
				eventTime, null, null, null, null);
	}

}
