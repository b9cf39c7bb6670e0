package dev.playback.ingest.heartbeat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written {@link HeartbeatReader} reads every body as the Jackson-based reader
 * it replaced ({@link JacksonHeartbeatReader}) does: the same events, the same errors by
 * index and field, and malformed for the same bodies. Bodies are generated JSON (events
 * with known fields of the right and wrong types, unknown fields holding any value,
 * escapes, non-ASCII text, numbers at the edges of a long, odd whitespace), half of them
 * then damaged a byte at a time. Where the damage leaves a body that is not UTF-8, or has
 * a NUL byte, the hand-written reader finds it malformed, whatever Jackson makes of it.
 */
class HeartbeatReaderAgreementTest {

	private static final String[] FIELDS = { "eventId", "playbackId", "seq", "userId", "deviceId", "videoId", "type",
			"positionMs", "fromPositionMs", "videoDurationMs", "eventTime", "country", "deviceType", "ad", "sdk" };

	private static final String[] AD_FIELDS = { "adPlaybackId", "adId", "positionMs", "durationMs", "viewablePercent",
			"adServingId" };

	private static final String[] OTHER_NAMES = { "x", "somethingNew", "\\u0073eq", "user\\u0049d", "sëq", "",
			"eventid", "ad2", "\\\"" };

	private static final String[] STRINGS = { "6f1c3a52-36f4-4b8e-9d0e-0d7b6c1f6a11", "pb-1", "user.7", "video:9", "",
			"START", "HEARTBEAT", "AD_START", "start", "TV", "PHONE", "DE", "2026-11-01T12:00:00Z",
			"2026-11-01T12:00:00.250+01:00", "2026-11-01 12:00:00", "2026-02-30T00:00:00Z", "a\\\"b", "tab\\there",
			"\\u00e9t\\u00E9", "\\ud83d\\ude00", "\\/slash\\\\", "été", "中文", "😀", "line\\nfeed", "\\u0000" };

	private static final String[] NUMBERS = { "0", "-0", "7", "-12", "5000", "123456789012345678",
			"9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
			"99999999999999999999", "1.5", "1e3", "-2E-2", "0.0", "10E+2" };

	private static final String[] SPACES = { "", "", "", " ", "\n\t ", "\r\n" };

	private static final byte[] INSERTED = { '{', '}', '[', ']', ',', ':', '"', '\\', '0', '-', '.', 'e', 'a', ' ',
			0x00, 0x1f, (byte) 0xC3, (byte) 0x80, (byte) 0xFF, (byte) 0xEF };

	@Property(tries = 3000)
	void readsEveryBodyAsTheJacksonReaderDoes(@ForAll long seed) {
		Random random = new Random(seed);
		byte[] body = damaged(body(random).getBytes(StandardCharsets.UTF_8), random);
		int maxEvents = 1 + random.nextInt(6);

		String actual = outcome(body, maxEvents, false);
		// a NUL byte is never JSON in UTF-8 (and makes Jackson guess UTF-16 or UTF-32
		// near
		// the start)
		if (!isUtf8(body) || hasNul(body)) {
			Statistics.label("outcome").collect("not UTF-8 JSON");
			assertThat(actual).as(printable(body)).isEqualTo("malformed");
			return;
		}
		String expected = outcome(body, maxEvents, true);
		Statistics.label("outcome").collect(expected.startsWith("malformed") ? "malformed" : "read");
		assertThat(actual).as(printable(body)).isEqualTo(expected);
	}

	@Example
	void nestingIsLimitedAsJacksonLimitsIt() {
		for (int depth : new int[] { JsonLexer.MAX_DEPTH - 1, JsonLexer.MAX_DEPTH, JsonLexer.MAX_DEPTH + 1 }) {
			// the body's array, the event, then depth - 2 arrays in an unknown field
			String body = "[{\"x\":" + "[".repeat(depth - 2) + "]".repeat(depth - 2) + "}]";
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			assertThat(outcome(bytes, 5, false)).as("depth %d", depth)
				.isEqualTo(outcome(bytes, 5, true))
				.startsWith((depth <= JsonLexer.MAX_DEPTH) ? "read" : "malformed");
		}
	}

	/**
	 * What a reader makes of a body, as text: the events and errors, or "malformed".
	 */
	private static String outcome(byte[] body, int maxEvents, boolean jackson) {
		List<EventError> errors = new ArrayList<>();
		try {
			HeartbeatReader.Events events = jackson
					? JacksonHeartbeatReader.read(new ByteArrayInputStream(body), maxEvents, errors)
					: HeartbeatReader.read(new ByteArrayInputStream(body), body.length, maxEvents, errors);
			return "read " + events + " " + errors;
		}
		catch (MalformedBodyException ex) {
			return "malformed";
		}
	}

	private static String body(Random random) {
		StringBuilder json = new StringBuilder(space(random));
		if (random.nextInt(5) > 0) {
			json.append('[');
			int events = random.nextInt(7);
			for (int i = 0; i < events; i++) {
				json.append((i > 0) ? "," : "").append(space(random));
				if (random.nextInt(10) > 0) {
					event(json, random);
				}
				else {
					value(json, random, 3);
				}
				json.append(space(random));
			}
			json.append(space(random)).append(']');
		}
		else if (random.nextBoolean()) {
			event(json, random);
		}
		else {
			value(json, random, 3);
		}
		return json.append(space(random)).toString();
	}

	private static void event(StringBuilder json, Random random) {
		json.append('{');
		int members = random.nextInt(9);
		for (int i = 0; i < members; i++) {
			json.append((i > 0) ? "," : "").append(space(random));
			String name = (random.nextInt(5) > 0) ? FIELDS[random.nextInt(FIELDS.length)]
					: OTHER_NAMES[random.nextInt(OTHER_NAMES.length)];
			json.append('"').append(name).append('"').append(space(random)).append(':').append(space(random));
			if (name.equals("ad") && random.nextInt(3) > 0) {
				ad(json, random);
			}
			else if (random.nextBoolean()) {
				json.append(random.nextBoolean() ? '"' + STRINGS[random.nextInt(STRINGS.length)] + '"'
						: NUMBERS[random.nextInt(NUMBERS.length)]);
			}
			else {
				value(json, random, 3);
			}
		}
		json.append(space(random)).append('}');
	}

	private static void ad(StringBuilder json, Random random) {
		json.append('{');
		int members = random.nextInt(6);
		for (int i = 0; i < members; i++) {
			json.append((i > 0) ? "," : "")
				.append('"')
				.append(AD_FIELDS[random.nextInt(AD_FIELDS.length)])
				.append("\":");
			value(json, random, 2);
		}
		json.append('}');
	}

	private static void value(StringBuilder json, Random random, int depth) {
		switch (random.nextInt((depth > 0) ? 7 : 5)) {
			case 0 -> json.append('"').append(STRINGS[random.nextInt(STRINGS.length)]).append('"');
			case 1 -> json.append(NUMBERS[random.nextInt(NUMBERS.length)]);
			case 2 -> json.append("null");
			case 3 -> json.append(random.nextBoolean() ? "true" : "false");
			case 4 -> json.append('"').append(random.nextInt(1000)).append('"');
			case 5 -> {
				json.append('[');
				int elements = random.nextInt(4);
				for (int i = 0; i < elements; i++) {
					json.append((i > 0) ? "," : "").append(space(random));
					value(json, random, depth - 1);
				}
				json.append(']');
			}
			default -> {
				json.append('{');
				int members = random.nextInt(4);
				for (int i = 0; i < members; i++) {
					json.append((i > 0) ? "," : "")
						.append('"')
						.append(OTHER_NAMES[random.nextInt(OTHER_NAMES.length)])
						.append("\":");
					value(json, random, depth - 1);
				}
				json.append('}');
			}
		}
	}

	private static boolean hasNul(byte[] body) {
		for (byte b : body) {
			if (b == 0) {
				return true;
			}
		}
		return false;
	}

	private static boolean isUtf8(byte[] body) {
		try {
			StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

	/** The body for a failure message: other than printable ASCII as \xNN. */
	private static String printable(byte[] body) {
		StringBuilder text = new StringBuilder();
		for (byte b : body) {
			text.append((b >= 0x20 && b < 0x7f) ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff));
		}
		return text.toString();
	}

	private static String space(Random random) {
		return SPACES[random.nextInt(SPACES.length)];
	}

	/**
	 * Half the bodies as they are, the others with a byte or two inserted, dropped or
	 * cut.
	 */
	private static byte[] damaged(byte[] body, Random random) {
		if (random.nextBoolean() || body.length == 0) {
			return body;
		}
		byte[] damaged = body;
		int damages = 1 + random.nextInt(2);
		for (int i = 0; i < damages && damaged.length > 0; i++) {
			int at = random.nextInt(damaged.length);
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			switch (random.nextInt(3)) {
				case 0 -> {
					out.write(damaged, 0, at);
					out.write(INSERTED[random.nextInt(INSERTED.length)]);
					out.write(damaged, at, damaged.length - at);
				}
				case 1 -> {
					out.write(damaged, 0, at);
					out.write(damaged, at + 1, damaged.length - at - 1);
				}
				default -> out.write(damaged, 0, at);
			}
			damaged = out.toByteArray();
		}
		return damaged;
	}

}
