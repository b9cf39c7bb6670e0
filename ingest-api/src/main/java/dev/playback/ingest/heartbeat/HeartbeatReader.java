package dev.playback.ingest.heartbeat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import dev.playback.schemas.DeviceType;
import dev.playback.schemas.EventType;

/**
 * Reads a request body, one event or an array of events, straight from its UTF-8 bytes
 * into {@link HeartbeatRequest}s, with a clear error for each field of the wrong JSON
 * type. Unknown fields are checked for well-formedness and skipped without being built.
 * <p>
 * Written by hand, down to the bytes: data binding cost more CPU per event than
 * everything else on the ingest path except validation, a JSON tree of every event about
 * a quarter of the ingest JVM's CPU under batch load, and Jackson's token stream still a
 * quarter of it after that (see docs/benchmarks.md). Known field names are matched on
 * their bytes, ASCII strings without escapes are made in one copy, numbers are read where
 * they stand. Binding also quietly coerces (a {@code "5"} or a {@code 5.7} became a
 * {@code seq} of 5); here an integer field takes a JSON integer that fits a long only, an
 * instant an ISO-8601 string only.
 * <p>
 * Held to Jackson's reading by a property test against the previous, Jackson-based reader
 * ({@code HeartbeatReaderAgreementTest}): the same events and errors for any body, and
 * malformed for the same bodies, with Jackson's default limits (nesting depth 500,
 * numbers of 1,000 characters, names of 50,000). Bodies are UTF-8, as RFC 8259 requires
 * of JSON exchanged between systems, and strictly so: a body that is not well-formed
 * UTF-8 is malformed (Jackson lets some such bytes through in names and strings). A UTF-8
 * byte order mark is skipped.
 */
final class HeartbeatReader {

	static final String WRONG_TYPE = "has the wrong type or format";

	static final String NOT_AN_OBJECT = "must be a JSON object";

	static final int MAX_DEPTH = 500;

	static final int MAX_NUMBER_LENGTH = 1000;

	static final int MAX_NAME_LENGTH = 50_000;

	private static final EventType[] EVENT_TYPES = EventType.values();

	private static final DeviceType[] DEVICE_TYPES = DeviceType.values();

	private static final byte[][] EVENT_FIELDS = names("eventId", "playbackId", "seq", "userId", "deviceId", "videoId",
			"type", "positionMs", "fromPositionMs", "videoDurationMs", "eventTime", "country", "deviceType", "ad",
			"sdk");

	private static final byte[][] AD_FIELDS = names("adPlaybackId", "adId", "positionMs", "durationMs",
			"viewablePercent", "adServingId");

	private static final byte[][] NO_FIELDS = new byte[0][];

	private static final int UNKNOWN = -1;

	private final byte[] json;

	private final int end;

	private final List<EventError> errors;

	private int pos;

	private int index;

	private boolean wrong;

	/** The value of the integer just read, when {@link #fitsALong}. */
	private long longValue;

	private boolean fitsALong;

	private HeartbeatReader(byte[] json, int length, List<EventError> errors) {
		this.json = json;
		this.end = length;
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
		if (this.end >= 3 && this.json[0] == (byte) 0xEF && this.json[1] == (byte) 0xBB
				&& this.json[2] == (byte) 0xBF) {
			this.pos = 3;
		}
		skipWhitespace();
		if (this.pos == this.end) {
			throw new MalformedBodyException("the body is empty");
		}
		Events events;
		if (this.json[this.pos] == '[') {
			this.pos++;
			events = array(maxEvents);
		}
		else {
			events = new Events(Collections.singletonList(eventOrNull(1)), 1);
		}
		skipWhitespace();
		if (this.pos != this.end) {
			throw new MalformedBodyException("content after the end of the JSON value");
		}
		return events;
	}

	private Events array(int maxEvents) {
		List<HeartbeatRequest> read = new ArrayList<>();
		int count = 0;
		skipWhitespace();
		if (peek() == ']') {
			this.pos++;
			return new Events(read, 0);
		}
		do {
			skipWhitespace();
			if (count < maxEvents) {
				this.index = count;
				read.add(eventOrNull(2));
			}
			else {
				skipValue(2);
			}
			count++;
		}
		while (afterElement(']'));
		return new Events(read, count);
	}

	/**
	 * The event at the current value, or {@code null} with its errors recorded.
	 * @param depth the nesting depth of the event object (1 for the body's)
	 */
	private HeartbeatRequest eventOrNull(int depth) {
		this.wrong = false;
		if (peek() != '{') {
			skipValue(depth);
			this.errors.add(new EventError(this.index, null, NOT_AN_OBJECT));
			return null;
		}
		enter(depth);
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
		if (firstMember()) {
			do {
				switch (name(EVENT_FIELDS)) {
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
					default -> skipValue(depth);
				}
			}
			while (afterElement('}'));
		}
		return new HeartbeatRequest(eventId, playbackId, seq, userId, deviceId, videoId, type, positionMs,
				fromPositionMs, videoDurationMs, eventTime, country, deviceType, ad, sdk);
	}

	private HeartbeatRequest.Ad ad(int depth) {
		byte first = peek();
		if (first == 'n') {
			literal("null");
			return null;
		}
		if (first != '{') {
			return skipAsWrong("ad", depth);
		}
		enter(depth);
		String adPlaybackId = null;
		String adId = null;
		Long positionMs = null;
		Long durationMs = null;
		Long viewablePercent = null;
		String adServingId = null;
		if (firstMember()) {
			do {
				switch (name(AD_FIELDS)) {
					case 0 -> adPlaybackId = string("ad.adPlaybackId", depth + 1);
					case 1 -> adId = string("ad.adId", depth + 1);
					case 2 -> positionMs = integer("ad.positionMs", depth + 1);
					case 3 -> durationMs = integer("ad.durationMs", depth + 1);
					case 4 -> viewablePercent = integer("ad.viewablePercent", depth + 1);
					case 5 -> adServingId = string("ad.adServingId", depth + 1);
					default -> skipValue(depth + 1);
				}
			}
			while (afterElement('}'));
		}
		return new HeartbeatRequest.Ad(adPlaybackId, adId, positionMs, durationMs, viewablePercent, adServingId);
	}

	private String string(String path, int depth) {
		return switch (peek()) {
			case 'n' -> {
				literal("null");
				yield null;
			}
			case '"' -> {
				this.pos++;
				yield stringBody();
			}
			default -> skipAsWrong(path, depth);
		};
	}

	private Long integer(String path, int depth) {
		byte first = peek();
		if (first == 'n') {
			literal("null");
			return null;
		}
		if (first != '-' && !isDigit(first)) {
			return skipAsWrong(path, depth);
		}
		return number() && this.fitsALong ? this.longValue : wrongType(path);
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
		skipValue(depth);
		return wrongType(path);
	}

	/** Records a type error for the value just read. */
	private <T> T wrongType(String path) {
		this.errors.add(new EventError(this.index, path, WRONG_TYPE));
		this.wrong = true;
		return null;
	}

	// JSON, RFC 8259

	/** Past an object's '{': whether a member follows (else its '}' is consumed). */
	private boolean firstMember() {
		skipWhitespace();
		if (peek() == '}') {
			this.pos++;
			return false;
		}
		return true;
	}

	/**
	 * After an element or member: true past a ',' (another one follows), false past the
	 * closing bracket.
	 */
	private boolean afterElement(char close) {
		skipWhitespace();
		byte b = peek();
		this.pos++;
		if (b == ',') {
			return true;
		}
		if (b == close) {
			return false;
		}
		throw unexpected(b, this.pos - 1, "a comma or '" + close + "'");
	}

	/**
	 * A member's name and its ':', as the index of a known name in {@code known}, or
	 * {@link #UNKNOWN}. Leaves the position at the value.
	 */
	private int name(byte[][] known) {
		skipWhitespace();
		byte b = peek();
		if (b != '"') {
			throw unexpected(b, this.pos, "a field name in double quotes");
		}
		this.pos++;
		int start = this.pos;
		int found = UNKNOWN;
		while (this.pos < this.end && this.json[this.pos] != '"' && this.json[this.pos] != '\\'
				&& this.json[this.pos] >= 0x20) {
			this.pos++;
		}
		if (this.pos < this.end && this.json[this.pos] == '"') {
			int length = this.pos - start;
			for (int i = 0; i < known.length; i++) {
				if (known[i].length == length && Arrays.equals(this.json, start, this.pos, known[i], 0, length)) {
					found = i;
					break;
				}
			}
			this.pos++;
		}
		else {
			this.pos = start;
			byte[] name = stringBody().getBytes(StandardCharsets.UTF_8);
			for (int i = 0; i < known.length; i++) {
				if (Arrays.equals(name, known[i])) {
					found = i;
					break;
				}
			}
		}
		if (this.pos - start - 1 > MAX_NAME_LENGTH) {
			throw new MalformedBodyException("a field name longer than " + MAX_NAME_LENGTH + " bytes");
		}
		skipWhitespace();
		b = peek();
		if (b != ':') {
			throw unexpected(b, this.pos, "a colon after a field name");
		}
		this.pos++;
		skipWhitespace();
		return found;
	}

	/**
	 * Checks and skips any value.
	 * @param depth the nesting depth the value has if it is an object or array
	 */
	private void skipValue(int depth) {
		skipWhitespace();
		byte b = peek();
		switch (b) {
			case '{' -> {
				enter(depth);
				if (firstMember()) {
					do {
						name(NO_FIELDS);
						skipValue(depth + 1);
					}
					while (afterElement('}'));
				}
			}
			case '[' -> {
				enter(depth);
				skipWhitespace();
				if (peek() == ']') {
					this.pos++;
					return;
				}
				do {
					skipValue(depth + 1);
				}
				while (afterElement(']'));
			}
			case '"' -> {
				this.pos++;
				stringBody();
			}
			case 't' -> literal("true");
			case 'f' -> literal("false");
			case 'n' -> literal("null");
			default -> {
				if (b != '-' && !isDigit(b)) {
					throw unexpected(b, this.pos, "a JSON value");
				}
				number();
			}
		}
	}

	/** Past a '{' or '[' opening a container at {@code depth} (1 for the body's). */
	private void enter(int depth) {
		if (depth > MAX_DEPTH) {
			throw new MalformedBodyException("nested deeper than " + MAX_DEPTH + " levels");
		}
		this.pos++;
	}

	private void literal(String word) {
		int length = word.length();
		if (this.end - this.pos < length) {
			throw new MalformedBodyException("an unknown word at offset " + this.pos);
		}
		for (int i = 0; i < length; i++) {
			if (this.json[this.pos + i] != word.charAt(i)) {
				throw new MalformedBodyException("an unknown word at offset " + this.pos);
			}
		}
		this.pos += length;
		endOfToken();
	}

	/**
	 * A number: whether it is an integer (no fraction, no exponent); for an integer,
	 * {@link #fitsALong} and {@link #longValue}.
	 */
	private boolean number() {
		int start = this.pos;
		boolean negative = this.json[this.pos] == '-';
		if (negative) {
			this.pos++;
		}
		if (this.pos == this.end || !isDigit(this.json[this.pos])) {
			throw new MalformedBodyException("a malformed number at offset " + start);
		}
		// accumulated negative, so that Long.MIN_VALUE fits
		long value = 0;
		boolean fits = true;
		if (this.json[this.pos] == '0') {
			this.pos++;
			if (this.pos < this.end && isDigit(this.json[this.pos])) {
				throw new MalformedBodyException("a number with a leading zero at offset " + start);
			}
		}
		else {
			while (this.pos < this.end && isDigit(this.json[this.pos])) {
				int digit = this.json[this.pos++] - '0';
				if (value < Long.MIN_VALUE / 10 || (value == Long.MIN_VALUE / 10 && digit > 8)) {
					fits = false;
				}
				value = value * 10 - digit;
			}
		}
		boolean integer = true;
		if (this.pos < this.end && this.json[this.pos] == '.') {
			integer = false;
			this.pos++;
			digits(start);
		}
		if (this.pos < this.end && (this.json[this.pos] == 'e' || this.json[this.pos] == 'E')) {
			integer = false;
			this.pos++;
			if (this.pos < this.end && (this.json[this.pos] == '+' || this.json[this.pos] == '-')) {
				this.pos++;
			}
			digits(start);
		}
		if (this.pos - start > MAX_NUMBER_LENGTH) {
			throw new MalformedBodyException("a number longer than " + MAX_NUMBER_LENGTH + " characters");
		}
		endOfToken();
		if (integer) {
			if (!negative && value == Long.MIN_VALUE) {
				fits = false;
			}
			this.fitsALong = fits;
			this.longValue = negative ? value : -value;
		}
		return integer;
	}

	private void digits(int start) {
		if (this.pos == this.end || !isDigit(this.json[this.pos])) {
			throw new MalformedBodyException("a malformed number at offset " + start);
		}
		while (this.pos < this.end && isDigit(this.json[this.pos])) {
			this.pos++;
		}
	}

	/** A number or word must end where the value does. */
	private void endOfToken() {
		if (this.pos < this.end) {
			byte b = this.json[this.pos];
			if (!isWhitespace(b) && b != ',' && b != ']' && b != '}') {
				throw unexpected(b, this.pos, "the end of a value");
			}
		}
	}

	/** A string's content up to and past its closing quote (the opening one read). */
	private String stringBody() {
		int start = this.pos;
		while (this.pos < this.end) {
			byte b = this.json[this.pos];
			if (b == '"') {
				this.pos++;
				return new String(this.json, start, this.pos - 1 - start, StandardCharsets.ISO_8859_1);
			}
			// escapes, control characters, and (negative) bytes of multi-byte characters
			if (b == '\\' || b < 0x20) {
				return stringBodyFrom(start);
			}
			this.pos++;
		}
		throw new MalformedBodyException("a string without its closing quote");
	}

	private String stringBodyFrom(int start) {
		StringBuilder text = new StringBuilder(this.pos - start + 16);
		text.append(new String(this.json, start, this.pos - start, StandardCharsets.ISO_8859_1));
		while (this.pos < this.end) {
			int b = this.json[this.pos++] & 0xff;
			if (b == '"') {
				return text.toString();
			}
			if (b == '\\') {
				text.append(escape());
			}
			else if (b < 0x20) {
				throw new MalformedBodyException("a control character in a string at offset " + (this.pos - 1));
			}
			else if (b < 0x80) {
				text.append((char) b);
			}
			else {
				text.appendCodePoint(multiByte(b));
			}
		}
		throw new MalformedBodyException("a string without its closing quote");
	}

	private char escape() {
		if (this.pos == this.end) {
			throw new MalformedBodyException("a string without its closing quote");
		}
		byte b = this.json[this.pos++];
		return switch (b) {
			case '"' -> '"';
			case '\\' -> '\\';
			case '/' -> '/';
			case 'b' -> '\b';
			case 'f' -> '\f';
			case 'n' -> '\n';
			case 'r' -> '\r';
			case 't' -> '\t';
			case 'u' -> {
				if (this.end - this.pos < 4) {
					throw new MalformedBodyException("a malformed \\u escape at offset " + (this.pos - 2));
				}
				int code = 0;
				for (int i = 0; i < 4; i++) {
					int digit = Character.digit(this.json[this.pos++], 16);
					if (digit < 0) {
						throw new MalformedBodyException("a malformed \\u escape at offset " + (this.pos - 2 - i));
					}
					code = (code << 4) | digit;
				}
				yield (char) code;
			}
			default -> throw new MalformedBodyException("an unknown escape at offset " + (this.pos - 2));
		};
	}

	/**
	 * The character that a UTF-8 lead byte (0x80 and up) starts, strictly: no overlong
	 * forms, no surrogates, nothing past U+10FFFF (Jackson lets some of these through).
	 */
	private int multiByte(int lead) {
		int more;
		int code;
		int least;
		if (lead >= 0xC0 && lead < 0xE0) {
			more = 1;
			code = lead & 0x1F;
			least = 0x80;
		}
		else if (lead >= 0xE0 && lead < 0xF0) {
			more = 2;
			code = lead & 0x0F;
			least = 0x800;
		}
		else if (lead >= 0xF0 && lead < 0xF8) {
			more = 3;
			code = lead & 0x07;
			least = 0x10000;
		}
		else {
			throw invalidUtf8(this.pos - 1);
		}
		int start = this.pos - 1;
		for (int i = 0; i < more; i++) {
			if (this.pos == this.end || (this.json[this.pos] & 0xC0) != 0x80) {
				throw invalidUtf8(start);
			}
			code = (code << 6) | (this.json[this.pos++] & 0x3F);
		}
		if (code < least || code > Character.MAX_CODE_POINT
				|| (code >= Character.MIN_SURROGATE && code <= Character.MAX_SURROGATE)) {
			throw invalidUtf8(start);
		}
		return code;
	}

	private static MalformedBodyException invalidUtf8(int offset) {
		return new MalformedBodyException("invalid UTF-8 at offset " + offset);
	}

	private void skipWhitespace() {
		while (this.pos < this.end && isWhitespace(this.json[this.pos])) {
			this.pos++;
		}
	}

	/** The byte at the position; malformed at the end of the body. */
	private byte peek() {
		if (this.pos == this.end) {
			throw new MalformedBodyException("the body ends before its JSON value does");
		}
		return this.json[this.pos];
	}

	private static MalformedBodyException unexpected(byte b, int offset, String expected) {
		String found = (b >= 0x20 && b < 0x7F) ? "'" + (char) b + "'" : String.format("byte 0x%02x", b & 0xff);
		return new MalformedBodyException("unexpected " + found + " at offset " + offset + ", expected " + expected);
	}

	private static boolean isWhitespace(byte b) {
		return b == ' ' || b == '\n' || b == '\r' || b == '\t';
	}

	private static boolean isDigit(byte b) {
		return b >= '0' && b <= '9';
	}

	private static byte[][] names(String... names) {
		byte[][] bytes = new byte[names.length][];
		for (int i = 0; i < names.length; i++) {
			bytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
		}
		return bytes;
	}

}
