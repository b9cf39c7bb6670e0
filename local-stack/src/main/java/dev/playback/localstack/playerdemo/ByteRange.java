package dev.playback.localstack.playerdemo;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of a file one HTTP {@code Range} header asks for (RFC 9110 section 14): a
 * browser's media element asks for parts of a clip, and without 206 answers a seek past
 * what it buffered plays nothing.
 *
 * @param first the first byte, inclusive
 * @param last the last byte, inclusive
 */
record ByteRange(long first, long last) {

	private static final Pattern SINGLE = Pattern.compile("bytes=(\\d*)-(\\d*)");

	long length() {
		return this.last - this.first + 1;
	}

	String contentRange(long size) {
		return "bytes " + this.first + "-" + this.last + "/" + size;
	}

	/**
	 * What a {@code Range} header asks of a file of {@code size} bytes.
	 * @param header the header, or null
	 * @param size the file's length
	 * @return the range, to be answered 206; null when there is no header or one this
	 * server does not serve in parts (several ranges, another unit): the whole file, 200
	 * @throws Unsatisfiable when the range starts past the end: a 416
	 */
	static ByteRange of(String header, long size) {
		ByteRange whole = null;
		if (header == null) {
			return whole;
		}
		Matcher matcher = SINGLE.matcher(header.trim());
		if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
			return whole;
		}
		try {
			if (matcher.group(1).isEmpty()) {
				long suffix = Long.parseLong(matcher.group(2));
				if (suffix == 0) {
					throw new Unsatisfiable();
				}
				return new ByteRange(Math.max(0, size - suffix), size - 1);
			}
			long first = Long.parseLong(matcher.group(1));
			long last = matcher.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(matcher.group(2)));
			if (first >= size) {
				throw new Unsatisfiable();
			}
			if (last < first) {
				return whole;
			}
			return new ByteRange(first, last);
		}
		catch (NumberFormatException ex) {
			// more digits than a long: not a range this server serves in parts
			return whole;
		}
	}

	/** A range that starts past the end of the file. */
	static final class Unsatisfiable extends RuntimeException {

		Unsatisfiable() {
			super(null, null, false, false);
		}

	}

}
