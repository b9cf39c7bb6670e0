package dev.playback.ingest.heartbeat;

import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.playback.schemas.DeviceType;
import dev.playback.schemas.EventType;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The reader ingest-api had before {@link HeartbeatReader}: the same reading on Jackson's
 * token stream. Kept as the reference that the hand-written reader is held to
 * ({@code HeartbeatReaderAgreementTest}): same events, same errors, malformed bodies
 * malformed for both.
 */
final class JacksonHeartbeatReader {

	private static final JsonFactory JSON = new JsonFactory();

	private static final EventType[] EVENT_TYPES = EventType.values();

	private static final DeviceType[] DEVICE_TYPES = DeviceType.values();

	private final JsonParser parser;

	private final List<EventError> errors;

	private int index;

	private boolean wrong;

	private JacksonHeartbeatReader(JsonParser parser, List<EventError> errors) {
		this.parser = parser;
		this.errors = errors;
	}

	/**
	 * The events of a body, in order: one per element of a top-level array, or the one
	 * top-level value. An event with a type error is {@code null} in the list and its
	 * errors are added to {@code errors}. Reading stops being eager after
	 * {@code maxEvents}: further elements are only counted.
	 * @param body the request body
	 * @param maxEvents how many events are built at most
	 * @param errors where type errors go, by index and field
	 * @return the events read, and how many the body holds
	 * @throws MalformedBodyException when the body is not one well-formed JSON value
	 */
	static HeartbeatReader.Events read(InputStream body, int maxEvents, List<EventError> errors) {
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
			HeartbeatReader.Events events = new JacksonHeartbeatReader(parser, errors).events(maxEvents);
			if (parser.nextToken() != null) {
				throw new MalformedBodyException("content after the end of the JSON value");
			}
			return events;
		}
		catch (JacksonException ex) {
			throw new MalformedBodyException(ex);
		}
	}

	private HeartbeatReader.Events events(int maxEvents) {
		JsonToken token = this.parser.nextToken();
		if (token == null) {
			throw new MalformedBodyException("the body is empty");
		}
		if (token != JsonToken.START_ARRAY) {
			return new HeartbeatReader.Events(Collections.singletonList(eventOrNull()), 1);
		}
		List<HeartbeatRequest> read = new ArrayList<>();
		int count = 0;
		while (this.parser.nextToken() != JsonToken.END_ARRAY) {
			if (count < maxEvents) {
				this.index = count;
				read.add(eventOrNull());
			}
			else {
				this.parser.skipChildren();
			}
			count++;
		}
		return new HeartbeatReader.Events(read, count);
	}

	/** The event at the current token, or {@code null} with its errors recorded. */
	private HeartbeatRequest eventOrNull() {
		this.wrong = false;
		if (this.parser.currentToken() != JsonToken.START_OBJECT) {
			this.parser.skipChildren();
			this.errors.add(new EventError(this.index, null, HeartbeatReader.NOT_AN_OBJECT));
			return null;
		}
		HeartbeatRequest event = event();
		return this.wrong ? null : event;
	}

	private HeartbeatRequest event() {
		String eventId = null;
		String playbackId = null;
		Long seq = null;
		String userId = null;
		String deviceId = null;
		String videoId = null;
		EventType type = null;
		Long positionMs = null;
		Long fromPositionMs = null;
		Long videoDurationMs = null;
		Instant eventTime = null;
		String country = null;
		DeviceType deviceType = null;
		HeartbeatRequest.Ad ad = null;
		String sdk = null;
		String name;
		while ((name = this.parser.nextName()) != null) {
			this.parser.nextToken();
			switch (name) {
				case "eventId" -> eventId = string(name);
				case "playbackId" -> playbackId = string(name);
				case "seq" -> seq = integer(name);
				case "userId" -> userId = string(name);
				case "deviceId" -> deviceId = string(name);
				case "videoId" -> videoId = string(name);
				case "type" -> type = constant(name, EVENT_TYPES);
				case "positionMs" -> positionMs = integer(name);
				case "fromPositionMs" -> fromPositionMs = integer(name);
				case "videoDurationMs" -> videoDurationMs = integer(name);
				case "eventTime" -> eventTime = instant(name);
				case "country" -> country = string(name);
				case "deviceType" -> deviceType = constant(name, DEVICE_TYPES);
				case "ad" -> ad = ad();
				case "sdk" -> sdk = string(name);
				default -> this.parser.skipChildren();
			}
		}
		return new HeartbeatRequest(eventId, playbackId, seq, userId, deviceId, videoId, type, positionMs,
				fromPositionMs, videoDurationMs, eventTime, country, deviceType, ad, sdk);
	}

	private HeartbeatRequest.Ad ad() {
		JsonToken token = this.parser.currentToken();
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		if (token != JsonToken.START_OBJECT) {
			return fail("ad");
		}
		String adPlaybackId = null;
		String adId = null;
		Long positionMs = null;
		Long durationMs = null;
		Long viewablePercent = null;
		String adServingId = null;
		String name;
		while ((name = this.parser.nextName()) != null) {
			this.parser.nextToken();
			switch (name) {
				case "adPlaybackId" -> adPlaybackId = string("ad.adPlaybackId");
				case "adId" -> adId = string("ad.adId");
				case "positionMs" -> positionMs = integer("ad.positionMs");
				case "durationMs" -> durationMs = integer("ad.durationMs");
				case "viewablePercent" -> viewablePercent = integer("ad.viewablePercent");
				case "adServingId" -> adServingId = string("ad.adServingId");
				default -> this.parser.skipChildren();
			}
		}
		return new HeartbeatRequest.Ad(adPlaybackId, adId, positionMs, durationMs, viewablePercent, adServingId);
	}

	private String string(String path) {
		return switch (this.parser.currentToken()) {
			case VALUE_NULL -> null;
			case VALUE_STRING -> this.parser.getString();
			default -> fail(path);
		};
	}

	private Long integer(String path) {
		JsonToken token = this.parser.currentToken();
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		boolean fitsALong = token == JsonToken.VALUE_NUMBER_INT
				&& this.parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
		return fitsALong ? this.parser.getLongValue() : fail(path);
	}

	private Instant instant(String path) {
		String text = string(path);
		if (text == null) {
			return null;
		}
		try {
			return IsoInstants.parse(text);
		}
		catch (DateTimeParseException ex) {
			return fail(path);
		}
	}

	/** One of {@code constants} by its exact name, or a type error. */
	private <E extends Enum<E>> E constant(String path, E[] constants) {
		String text = string(path);
		if (text == null) {
			return null;
		}
		for (E constant : constants) {
			if (constant.name().equals(text)) {
				return constant;
			}
		}
		return fail(path);
	}

	/**
	 * Records a type error for the current value and skips it (and whatever it holds).
	 */
	private <T> T fail(String path) {
		this.parser.skipChildren();
		this.errors.add(new EventError(this.index, path, HeartbeatReader.WRONG_TYPE));
		this.wrong = true;
		return null;
	}

}
