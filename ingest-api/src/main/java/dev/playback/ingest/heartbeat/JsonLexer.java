package dev.playback.ingest.heartbeat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON (RFC 8259) read where it stands in a request body's UTF-8 bytes, one token at a
 * time, for {@link HeartbeatReader}: whitespace, names matched on their bytes against the
 * names a reader knows, strings (ASCII without escapes made in one copy), integers read
 * in place, any other value checked and skipped. Strict: a body that is not well-formed
 * UTF-8, or nests deeper, or has longer numbers or names than Jackson's default limits
 * (nesting depth 500, numbers of 1,000 characters, names of 50,000) is malformed.
 */
final class JsonLexer {

	static final int MAX_DEPTH = 500;

	static final int MAX_NUMBER_LENGTH = 1000;

	static final int MAX_NAME_LENGTH = 50_000;

	/** What {@link #name} answers for a name that is not among the known ones. */
	static final int UNKNOWN = -1;

	private static final byte[][] NO_FIELDS = new byte[0][];

	private final byte[] json;

	private final int end;

	private int pos;

	/** The value of the integer just read, when {@link #fitsALong}. */
	long longValue;

	/** Whether the integer just read fits a long. */
	boolean fitsALong;

	JsonLexer(byte[] json, int length) {
		this.json = json;
		this.end = length;
	}

	/** Past a UTF-8 byte order mark, if the body starts with one. */
	void skipByteOrderMark() {
		if (this.end >= 3 && this.json[0] == (byte) 0xEF && this.json[1] == (byte) 0xBB
				&& this.json[2] == (byte) 0xBF) {
			this.pos = 3;
		}
	}

	boolean atEnd() {
		return this.pos == this.end;
	}

	/** Past the byte at the position (a bracket or a quote the caller has peeked). */
	void advance() {
		this.pos++;
	}

	/** Past an object's '{': whether a member follows (else its '}' is consumed). */
	boolean firstMember() {
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
	boolean afterElement(char close) {
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
	int name(byte[][] known) {
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
	void skipValue(int depth) {
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
	void enter(int depth) {
		if (depth > MAX_DEPTH) {
			throw new MalformedBodyException("nested deeper than " + MAX_DEPTH + " levels");
		}
		this.pos++;
	}

	void literal(String word) {
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
	boolean number() {
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
	String stringBody() {
		int start = this.pos;
		while (this.pos < this.end) {
			byte b = this.json[this.pos];
			if (b == '"') {
				this.pos++;
				return new String(this.json, start, this.pos - 1 - start, StandardCharsets.ISO_8859_1);
			}
			// escapes, control characters, and (negative) bytes of multi-byte characters
			if (b == '\\' || b < 0x20) {
				JsonStringDecoder decoder = new JsonStringDecoder(this.json, this.pos, this.end);
				String text = decoder.decodeFrom(start);
				this.pos = decoder.position();
				return text;
			}
			this.pos++;
		}
		throw new MalformedBodyException("a string without its closing quote");
	}

	void skipWhitespace() {
		while (this.pos < this.end && isWhitespace(this.json[this.pos])) {
			this.pos++;
		}
	}

	/** The byte at the position; malformed at the end of the body. */
	byte peek() {
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

	static boolean isDigit(byte b) {
		return b >= '0' && b <= '9';
	}

	static byte[][] names(String... names) {
		byte[][] bytes = new byte[names.length][];
		for (int i = 0; i < names.length; i++) {
			bytes[i] = names[i].getBytes(StandardCharsets.US_ASCII);
		}
		return bytes;
	}

}
