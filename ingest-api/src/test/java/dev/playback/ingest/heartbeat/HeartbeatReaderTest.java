package dev.playback.ingest.heartbeat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.playback.schemas.DeviceType;
import dev.playback.schemas.EventType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class HeartbeatReaderTest {

	final List<EventError> errors = new ArrayList<>();

	/** The third event of a batch: the first two are valid. */
	private HeartbeatRequest read(String json) {
		HeartbeatReader.Events events = readBody("[{},{}," + json + "]", 500);
		assertThat(events.count()).isEqualTo(3);
		return events.read().get(2);
	}

	private HeartbeatReader.Events readBody(String body, int maxEvents) {
		return HeartbeatReader.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), maxEvents,
				this.errors);
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
				 "deviceType":"TV","ad":{"adPlaybackId":"apb","adId":"ad","positionMs":3,"durationMs":15000,"x":1,
				 "viewablePercent":80,"adServingId":"vast-1"},"sdk":"playback-web/0.1.0",
				 "somethingNew":{"nested":[1,2,3]}}""");
		assertThat(this.errors).isEmpty();
		assertThat(event).isEqualTo(new HeartbeatRequest("6f1c3a52-36f4-4b8e-9d0e-0d7b6c1f6a11", "pb", 7L, "u", "d",
				"v", EventType.AD_HEARTBEAT, 1000L, null, 60_000L, Instant.parse("2026-11-01T11:00:00.250Z"), "DE",
				DeviceType.TV, new HeartbeatRequest.Ad("apb", "ad", 3L, 15_000L, 80L, "vast-1"), "playback-web/0.1.0"));
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
		// in the order of the document
		assertThat(errorFields()).containsExactly("2:type", "2:deviceType", "2:eventTime");
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

	@Test
	void aSingleEventIsABodyOfOne() {
		HeartbeatReader.Events events = readBody("{\"seq\":3}", 500);
		assertThat(events.count()).isEqualTo(1);
		assertThat(events.read()).singleElement().extracting(HeartbeatRequest::seq).isEqualTo(3L);
		assertThat(readBody("null", 500).read()).containsOnlyNulls();
		assertThat(errorFields()).containsExactly("0:null");
	}

	@Test
	void eventsPastTheMaximumAreCountedNotRead() {
		HeartbeatReader.Events events = readBody("[{\"seq\":0},{\"seq\":1},{\"seq\":\"x\"},[{}]]", 2);
		assertThat(events.count()).isEqualTo(4);
		assertThat(events.read()).extracting(HeartbeatRequest::seq).containsExactly(0L, 1L);
		assertThat(this.errors).isEmpty();
		assertThat(readBody("[]", 500).count()).isZero();
	}

	@Test
	void aBodyThatIsNotOneWellFormedValueIsMalformed() {
		for (String body : List.of("", " ", "[{\"eventId\": ", "{\"seq\":1}}", "{\"seq\":1} {}", "[{},]", "{'seq':1}",
				"[{\"a\":[[[[1]]]]", "{\"seq\":01}", "\"\\u12\"")) {
			assertThatExceptionOfType(MalformedBodyException.class).as(body).isThrownBy(() -> readBody(body, 500));
		}
	}

	@Test
	void aReadFailureIsMalformedWithItsCause() {
		InputStream failing = new InputStream() {
			@Override
			public int read() throws IOException {
				throw new IOException("too large");
			}
		};
		assertThatExceptionOfType(MalformedBodyException.class)
			.isThrownBy(() -> HeartbeatReader.read(failing, 500, this.errors))
			.havingRootCause()
			.withMessage("too large");
	}

	@Test
	void wrongTypesAreSkippedWholeAndTheNextFieldsStillRead() {
		HeartbeatRequest event = read("""
				{"eventId":{"a":[1,{"b":2}]},"seq":[[1],2],"userId":"u","ad":{"adId":{"x":{}},"durationMs":5}}""");
		assertThat(event).isNull();
		assertThat(errorFields()).containsExactly("2:eventId", "2:seq", "2:ad.adId");
		HeartbeatRequest next = readBody("[{\"eventId\":[1],\"userId\":\"u\"},{\"userId\":\"w\"}]", 500).read().get(1);
		assertThat(next.userId()).isEqualTo("w");
	}

}
