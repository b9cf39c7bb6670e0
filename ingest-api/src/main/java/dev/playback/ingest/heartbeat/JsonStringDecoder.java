package dev.playback.ingest.heartbeat;

import java.nio.charset.StandardCharsets;

/**
 * The slow path of {@link JsonLexer}'s strings: escapes, and characters of more than one
 * UTF-8 byte decoded strictly (no overlong forms, no surrogates, nothing past U+10FFFF;
 * Jackson lets some of these through). Made for a string that needs it, from the point
 * where the lexer's scan of plain ASCII stopped.
 */
final class JsonStringDecoder {

	private final byte[] json;

	private final int end;

	private int pos;

	JsonStringDecoder(byte[] json, int position, int end) {
		this.json = json;
		this.pos = position;
		this.end = end;
	}

	/** Past the closing quote, after {@link #decodeFrom}. */
	int position() {
		return this.pos;
	}

	/**
	 * The string whose content starts at {@code start} (the bytes up to the position are
	 * ASCII without escapes), up to and past its closing quote.
	 */
	String decodeFrom(int start) {
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

}
