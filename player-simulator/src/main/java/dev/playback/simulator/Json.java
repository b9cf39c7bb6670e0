package dev.playback.simulator;

import java.util.List;

import dev.playback.schemas.AdInfo;
import dev.playback.schemas.Heartbeat;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The simulator's JSON: request bodies written by hand, everything else by Jackson. */
final class Json {

	/**
	 * Reads the services' answers and the truth file; ignores fields it does not know.
	 */
	static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private Json() {
	}

	/**
	 * A request body: one event as an object, several as an array (docs/contract.md
	 * section 1). Ids and enum names need no escaping: the simulator makes them from the
	 * contract's alphabet.
	 */
	static String events(List<Heartbeat> events) {
		if (events.size() == 1) {
			return event(events.get(0));
		}
		StringBuilder json = new StringBuilder(events.size() * 360).append('[');
		for (int i = 0; i < events.size(); i++) {
			json.append((i > 0) ? "," : "").append(event(events.get(i)));
		}
		return json.append(']').toString();
	}

	static String event(Heartbeat event) {
		StringBuilder json = new StringBuilder(360).append('{');
		field(json, "eventId", event.getEventId());
		field(json, "playbackId", event.getPlaybackId());
		json.append(",\"seq\":").append(event.getSeq());
		field(json, "userId", event.getUserId());
		field(json, "deviceId", event.getDeviceId());
		field(json, "videoId", event.getVideoId());
		field(json, "type", event.getType().name());
		json.append(",\"positionMs\":").append(event.getPositionMs());
		if (event.getFromPositionMs() != null) {
			json.append(",\"fromPositionMs\":").append(event.getFromPositionMs());
		}
		if (event.getVideoDurationMs() != null) {
			json.append(",\"videoDurationMs\":").append(event.getVideoDurationMs());
		}
		field(json, "eventTime", event.getEventTime().toString());
		field(json, "country", event.getCountry());
		field(json, "deviceType", (event.getDeviceType() != null) ? event.getDeviceType().name() : null);
		AdInfo ad = event.getAd();
		if (ad != null) {
			json.append(",\"ad\":{\"adPlaybackId\":\"")
				.append(ad.getAdPlaybackId())
				.append("\",\"adId\":\"")
				.append(ad.getAdId())
				.append("\",\"positionMs\":")
				.append(ad.getPositionMs())
				.append(",\"durationMs\":")
				.append(ad.getDurationMs());
			if (ad.getViewablePercent() != null) {
				json.append(",\"viewablePercent\":").append(ad.getViewablePercent());
			}
			if (ad.getAdServingId() != null) {
				json.append(",\"adServingId\":\"").append(ad.getAdServingId()).append('"');
			}
			json.append('}');
		}
		return json.append('}').toString();
	}

	private static void field(StringBuilder json, String name, String value) {
		if (value == null) {
			return;
		}
		if (json.length() > 1) {
			json.append(',');
		}
		json.append('"').append(name).append("\":\"").append(value).append('"');
	}

}
