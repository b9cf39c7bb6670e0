package dev.playback.ingest.heartbeat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.playback.schemas.DeviceType;
import dev.playback.schemas.EventType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class HeartbeatReaderTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	final List<EventError> errors = new ArrayList<>();

	private HeartbeatRequest read(String json) {
		JsonNode node = JSON.readTree(json);
		return HeartbeatReader.read(2, node, this.errors);
	}

	private List<String> errorFields() {
		return this.errors.stream().map((error) -> error.index() + ":" + error.field()).toList();
	}

	@Test
	void everyFieldIsReadAndUnknownFieldsAreIgnored() {
		HeartbeatRequest event = read("""
				{"eventId":"6f1c3a52-36f4-4b8e-9d0e-0d7b6c1f6a11","playbackId":"pb","seq":7,"userId":"u",
				 "deviceId":"d","videoId":"v","type":"AD_HEARTBEAT","positionMs":1000,"fromPositionMs":null,
				 "videoDurationMs":60000,"eventTime":"2026-11-01T12:00:00.250+01:00","country":"DE",
				 "deviceType":"TV","ad":{"adPlaybackId":"apb","adId":"ad","positionMs":3,"durationMs":15000,"x":1},
				 "somethingNew":{"nested":[1,2,3]}}""");
		assertThat(this.errors).isEmpty();
		assertThat(event).isEqualTo(new HeartbeatRequest("6f1c3a52-36f4-4b8e-9d0e-0d7b6c1f6a11", "pb", 7L, "u", "d",
				"v", EventType.AD_HEARTBEAT, 1000L, null, 60_000L, Instant.parse("2026-11-01T11:00:00.250Z"), "DE",
				DeviceType.TV, new HeartbeatRequest.Ad("apb", "ad", 3L, 15_000L)));
	}

	@Test
	void missingFieldsAreNullForTheRulesToName() {
		HeartbeatRequest event = read("{}");
		assertThat(this.errors).isEmpty();
		assertThat(event.eventId()).isNull();
		assertThat(event.seq()).isNull();
		assertThat(event.ad()).isNull();
	}

	@Test
	void integersMustBeJsonIntegersThatFitALong() {
		read("""
				{"seq":"5","positionMs":5.7,"fromPositionMs":99999999999999999999,"videoDurationMs":true,
				 "ad":{"positionMs":[1],"durationMs":1e3}}""");
		assertThat(errorFields()).containsExactly("2:seq", "2:positionMs", "2:fromPositionMs", "2:videoDurationMs",
				"2:ad.positionMs", "2:ad.durationMs");
		assertThat(this.errors)
			.allSatisfy((error) -> assertThat(error.message()).isEqualTo("has the wrong type or format"));
	}

	@Test
	void stringsMustBeJsonStrings() {
		read("""
				{"eventId":1,"playbackId":{},"userId":[],"deviceId":false,"videoId":2,"country":3,
				 "ad":{"adPlaybackId":4,"adId":null}}""");
		assertThat(errorFields()).containsExactly("2:eventId", "2:playbackId", "2:userId", "2:deviceId", "2:videoId",
				"2:country", "2:ad.adPlaybackId");
	}

	@Test
	void enumsAndInstantsMustBeKnownNamesAndIsoStrings() {
		read("""
				{"type":"start","deviceType":"PHONE","eventTime":1764072000000}""");
		assertThat(errorFields()).containsExactly("2:type", "2:eventTime", "2:deviceType");
		this.errors.clear();
		read("""
				{"eventTime":"2026-11-01 12:00:00"}""");
		assertThat(errorFields()).containsExactly("2:eventTime");
	}

	@Test
	void anEventMustBeAnObjectAndItsAdToo() {
		assertThat(read("[1]")).isNull();
		assertThat(read("\"x\"")).isNull();
		assertThat(read("{\"ad\":\"ad-1\"}")).isNull();
		assertThat(errorFields()).containsExactly("2:null", "2:null", "2:ad");
	}

}
