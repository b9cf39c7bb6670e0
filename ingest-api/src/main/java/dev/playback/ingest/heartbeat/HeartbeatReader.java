package dev.playback.ingest.heartbeat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import dev.playback.schemas.DeviceType;
import dev.playback.schemas.EventType;
import tools.jackson.databind.JsonNode;

/**
 * Reads one event of a request into a {@link HeartbeatRequest}, field by field, with a
 * clear error for each field of the wrong JSON type. Unknown fields are ignored.
 * <p>
 * Written by hand rather than with data binding: binding cost more CPU per event than
 * everything else on the ingest path except validation (see docs/benchmarks.md), and it
 * quietly coerces (a {@code "5"} or a {@code 5.7} became a {@code seq} of 5). Here an
 * integer field takes a JSON integer only, an instant an ISO-8601 string only.
 */
final class HeartbeatReader {

	static final String WRONG_TYPE = "has the wrong type or format";

	private final int index;

	private final List<EventError> errors;

	private boolean wrong;

	private HeartbeatReader(int index, List<EventError> errors) {
		this.index = index;
		this.errors = errors;
	}

	/**
	 * The event, or {@code null} with its type errors added to {@code errors}.
	 */
	static HeartbeatRequest read(int index, JsonNode node, List<EventError> errors) {
		if (node == null || !node.isObject()) {
			errors.add(new EventError(index, null, "must be a JSON object"));
			return null;
		}
		HeartbeatReader reader = new HeartbeatReader(index, errors);
		HeartbeatRequest event = new HeartbeatRequest(reader.string(node, "eventId"), reader.string(node, "playbackId"),
				reader.integer(node, "seq"), reader.string(node, "userId"), reader.string(node, "deviceId"),
				reader.string(node, "videoId"), reader.constant(node, "type", EventType.values()),
				reader.integer(node, "positionMs"), reader.integer(node, "fromPositionMs"),
				reader.integer(node, "videoDurationMs"), reader.instant(node, "eventTime"),
				reader.string(node, "country"), reader.constant(node, "deviceType", DeviceType.values()),
				reader.ad(node.get("ad")));
		return reader.wrong ? null : event;
	}

	private HeartbeatRequest.Ad ad(JsonNode ad) {
		if (absent(ad)) {
			return null;
		}
		if (!ad.isObject()) {
			return fail("ad");
		}
		return new HeartbeatRequest.Ad(string(ad, "adPlaybackId", "ad.adPlaybackId"), string(ad, "adId", "ad.adId"),
				integer(ad, "positionMs", "ad.positionMs"), integer(ad, "durationMs", "ad.durationMs"));
	}

	private String string(JsonNode object, String name) {
		return string(object, name, name);
	}

	private String string(JsonNode object, String name, String path) {
		JsonNode value = object.get(name);
		if (absent(value)) {
			return null;
		}
		return value.isString() ? value.stringValue() : fail(path);
	}

	private Long integer(JsonNode object, String name) {
		return integer(object, name, name);
	}

	private Long integer(JsonNode object, String name, String path) {
		JsonNode value = object.get(name);
		if (absent(value)) {
			return null;
		}
		return (value.isIntegralNumber() && value.canConvertToLong()) ? value.longValue() : fail(path);
	}

	private Instant instant(JsonNode object, String name) {
		String text = string(object, name);
		if (text == null) {
			return null;
		}
		try {
			return IsoInstants.parse(text);
		}
		catch (DateTimeParseException ex) {
			return fail(name);
		}
	}

	/** One of {@code constants} by its exact name, or a type error. */
	private <E extends Enum<E>> E constant(JsonNode object, String name, E[] constants) {
		String text = string(object, name);
		if (text == null) {
			return null;
		}
		for (E constant : constants) {
			if (constant.name().equals(text)) {
				return constant;
			}
		}
		return fail(name);
	}

	private static boolean absent(JsonNode value) {
		return value == null || value.isNull();
	}

	private <T> T fail(String field) {
		this.errors.add(new EventError(this.index, field, WRONG_TYPE));
		this.wrong = true;
		return null;
	}

}
