package dev.playback.ingest.heartbeat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.playback.schemas.DeviceType;
import dev.playback.schemas.EventType;

/**
 * Reads a request body, one event or an array of events, from its UTF-8 bytes into
 * {@link HeartbeatRequest}s, with a clear error for each field of the wrong JSON type;
 * unknown fields are checked for well-formedness and skipped without being built. The
 * bytes are read by {@link JsonLexer}; this class binds what it reads to events. An
 * integer field takes a JSON integer that fits a long only (no {@code "5"}, no
 * {@code 5.7}), an instant an ISO-8601 string only.
 * <p>
 * Written by hand instead of data binding because binding was the largest cost of the
 * ingest path (docs/benchmarks.md, "Ingest"); held to Jackson's reading by a property
 * test against a Jackson-based reader ({@code HeartbeatReaderAgreementTest}): the same
 * events and errors for any body, and malformed for the same bodies. Bodies are UTF-8, as
 * RFC 8259 requires of JSON exchanged between systems, and strictly so; a UTF-8 byte
 * order mark is skipped.
 */
final class HeartbeatReader {

	static final String WRONG_TYPE = "has the wrong type or format";

	static final String NOT_AN_OBJECT = "must be a JSON object";

	private static final EventType[] EVENT_TYPES = EventType.values();

	private static final DeviceType[] DEVICE_TYPES = DeviceType.values();

	private static final byte[][] EVENT_FIELDS = JsonLexer.names("eventId", "playbackId", "seq", "userId", "deviceId",
			"videoId", "type", "positionMs", "fromPositionMs", "videoDurationMs", "eventTime", "country", "deviceType",
			"ad", "sdk");

	private static final byte[][] AD_FIELDS = JsonLexer.names("adPlaybackId", "adId", "positionMs", "durationMs",
			"viewablePercent", "adServingId");

	private final JsonLexer in;

	private final List<EventError> errors;

	private int index;

	private boolean wrong;

	private HeartbeatReader(byte[] json, int length, List<EventError> errors) {
		this.in = new JsonLexer(json, length);
		this.errors = errors;
	}

	/**
	 * The events of a body, in order: one per element of a top-level array, or the one
	 * top-level value. An event with a type error is {@code null} in the list and its
	 * errors are added to {@code errors}. Reading stops being eager after
	 * {@code maxEvents}: further elements are only checked and counted.
	 * @param body the request body
	 * @param maxEvents how many events are built at most
	 * @param errors where type errors go, by index and field
	 * @return the events read, and how many the body holds
	 * @throws MalformedBodyException when the body is not one well-formed JSON value, or
	 * could not be read (the cause then)
	 */
	static Events read(InputStream body, int maxEvents, List<EventError> errors) {
		return read(body, -1, maxEvents, errors);
	}

	/**
	 * As {@link #read(InputStream, int, List)}, for a body whose length is declared.
	 * @param body the request body
	 * @param declaredLength its declared length (already held to the size cap), or -1
	 * when not declared
	 * @param maxEvents how many events are built at most
	 * @param errors where type errors go, by index and field
	 * @return the events read, and how many the body holds
	 */
	static Events read(InputStream body, int declaredLength, int maxEvents, List<EventError> errors) {
		byte[] bytes;
		int length;
		try {
			if (declaredLength >= 0) {
				bytes = new byte[declaredLength];
				length = body.readNBytes(bytes, 0, declaredLength);
			}
			else {
				bytes = body.readAllBytes();
				length = bytes.length;
			}
		}
		catch (IOException ex) {
			throw new MalformedBodyException(ex);
		}
		return new HeartbeatReader(bytes, length, errors).body(maxEvents);
	}

	/**
	 * The events of a body and how many there are.
	 *
	 * @param read the events built, {@code null} for those with type errors; at most the
	 * maximum
	 * @param count how many events the body holds
	 */
	record Events(List<HeartbeatRequest> read, int count) {
	}

	private Events body(int maxEvents) {
		this.in.skipByteOrderMark();
		this.in.skipWhitespace();
		if (this.in.atEnd()) {
			throw new MalformedBodyException("the body is empty");
		}
		Events events;
		if (this.in.peek() == '[') {
			this.in.advance();
			events = array(maxEvents);
		}
		else {
			events = new Events(Collections.singletonList(eventOrNull(1)), 1);
		}
		this.in.skipWhitespace();
		if (!this.in.atEnd()) {
			throw new MalformedBodyException("content after the end of the JSON value");
		}
		return events;
	}

	private Events array(int maxEvents) {
		List<HeartbeatRequest> read = new ArrayList<>();
		int count = 0;
		this.in.skipWhitespace();
		if (this.in.peek() == ']') {
			this.in.advance();
			return new Events(read, 0);
		}
		do {
			this.in.skipWhitespace();
			if (count < maxEvents) {
				this.index = count;
				read.add(eventOrNull(2));
			}
			else {
				this.in.skipValue(2);
			}
			count++;
		}
		while (this.in.afterElement(']'));
		return new Events(read, count);
	}

	/**
	 * The event at the current value, or {@code null} with its errors recorded.
	 * @param depth the nesting depth of the event object (1 for the body's)
	 */
	private HeartbeatRequest eventOrNull(int depth) {
		this.wrong = false;
		if (this.in.peek() != '{') {
			this.in.skipValue(depth);
			this.errors.add(new EventError(this.index, null, NOT_AN_OBJECT));
			return null;
		}
		this.in.enter(depth);
		HeartbeatRequest event = event(depth + 1);
		return this.wrong ? null : event;
	}

	private HeartbeatRequest event(int depth) {
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
		if (this.in.firstMember()) {
			do {
				switch (this.in.name(EVENT_FIELDS)) {
					case 0 -> eventId = string("eventId", depth);
					case 1 -> playbackId = string("playbackId", depth);
					case 2 -> seq = integer("seq", depth);
					case 3 -> userId = string("userId", depth);
					case 4 -> deviceId = string("deviceId", depth);
					case 5 -> videoId = string("videoId", depth);
					case 6 -> type = constant("type", EVENT_TYPES, depth);
					case 7 -> positionMs = integer("positionMs", depth);
					case 8 -> fromPositionMs = integer("fromPositionMs", depth);
					case 9 -> videoDurationMs = integer("videoDurationMs", depth);
					case 10 -> eventTime = instant("eventTime", depth);
					case 11 -> country = string("country", depth);
					case 12 -> deviceType = constant("deviceType", DEVICE_TYPES, depth);
					case 13 -> ad = ad(depth);
					case 14 -> sdk = string("sdk", depth);
					default -> this.in.skipValue(depth);
				}
			}
			while (this.in.afterElement('}'));
		}
		return new HeartbeatRequest(eventId, playbackId, seq, userId, deviceId, videoId, type, positionMs,
				fromPositionMs, videoDurationMs, eventTime, country, deviceType, ad, sdk);
	}

	private HeartbeatRequest.Ad ad(int depth) {
		byte first = this.in.peek();
		if (first == 'n') {
			this.in.literal("null");
			return null;
		}
		if (first != '{') {
			return skipAsWrong("ad", depth);
		}
		this.in.enter(depth);
		String adPlaybackId = null;
		String adId = null;
		Long positionMs = null;
		Long durationMs = null;
		Long viewablePercent = null;
		String adServingId = null;
		if (this.in.firstMember()) {
			do {
				switch (this.in.name(AD_FIELDS)) {
					case 0 -> adPlaybackId = string("ad.adPlaybackId", depth + 1);
					case 1 -> adId = string("ad.adId", depth + 1);
					case 2 -> positionMs = integer("ad.positionMs", depth + 1);
					case 3 -> durationMs = integer("ad.durationMs", depth + 1);
					case 4 -> viewablePercent = integer("ad.viewablePercent", depth + 1);
					case 5 -> adServingId = string("ad.adServingId", depth + 1);
					default -> this.in.skipValue(depth + 1);
				}
			}
			while (this.in.afterElement('}'));
		}
		return new HeartbeatRequest.Ad(adPlaybackId, adId, positionMs, durationMs, viewablePercent, adServingId);
	}

	private String string(String path, int depth) {
		return switch (this.in.peek()) {
			case 'n' -> {
				this.in.literal("null");
				yield null;
			}
			case '"' -> {
				this.in.advance();
				yield this.in.stringBody();
			}
			default -> skipAsWrong(path, depth);
		};
	}

	private Long integer(String path, int depth) {
		byte first = this.in.peek();
		if (first == 'n') {
			this.in.literal("null");
			return null;
		}
		if (first != '-' && !JsonLexer.isDigit(first)) {
			return skipAsWrong(path, depth);
		}
		return this.in.number() && this.in.fitsALong ? this.in.longValue : wrongType(path);
	}

	private Instant instant(String path, int depth) {
		String text = string(path, depth);
		if (text == null) {
			return null;
		}
		try {
			return IsoInstants.parse(text);
		}
		catch (DateTimeParseException ex) {
			return wrongType(path);
		}
	}

	/** One of {@code constants} by its exact name, or a type error. */
	private <E extends Enum<E>> E constant(String path, E[] constants, int depth) {
		String text = string(path, depth);
		if (text == null) {
			return null;
		}
		for (E constant : constants) {
			if (constant.name().equals(text)) {
				return constant;
			}
		}
		return wrongType(path);
	}

	/** Skips the current value (and whatever it holds) as a type error. */
	private <T> T skipAsWrong(String path, int depth) {
		this.in.skipValue(depth);
		return wrongType(path);
	}

	/** Records a type error for the value just read. */
	private <T> T wrongType(String path) {
		this.errors.add(new EventError(this.index, path, WRONG_TYPE));
		this.wrong = true;
		return null;
	}

}
