package dev.playback.infra;

import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * A corpus of hostile strings for ids and parameters, and a raw HTTP call that sends them
 * percent-encoded exactly once (no client-side normalization), for tests that assert an
 * API answers them with a 4xx problem detail and never a 5xx.
 */
public final class BadInputs {

	public static final List<String> STRINGS = List.of("", " ", "..", "../../etc/passwd", "..%2F..%2Fetc", "a/b",
			"a\\b", "x".repeat(65), "y".repeat(5_000), "\u0000", "\u202Eevil", "é", "😀", "'; DROP TABLE x; --",
			"<script>alert(1)</script>", "{x}", "%", "%00", "null", "-1", "2026-02-30", "9999999999999999999999");

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	/** Pieces of the hostile strings that generated cases are built from. */
	private static final List<String> PIECES = List.of("..", "/", "\\", "%", "%2e", "%2F", "%00", "%%", "'", "\"", "<",
			">", "{", "}", ";", "--", "&", "?", "#", "=", "+", "*", "\u0000", "\u0007", "\u202E", "\u200B", "\uFEFF",
			"\uD800", "😀", "é", "ß", "Ω", " ", "\t", "\n", "\r", "a", "Z", "0", "9", "-", "_", ":", ".", "null", "NaN",
			"-1", "0x10", "1e309", "99999999999999999999");

	/**
	 * {@code count} distinct generated strings (jqwik), none of them in {@link #STRINGS}:
	 * any Unicode up to 80 characters, printable ASCII up to 70, hostile pieces glued
	 * together, whole numbers of any size and date-shaped strings that are no date. Each
	 * call draws new ones; a failing value is in the assertion's message.
	 */
	public static List<String> generated(int count) {
		Arbitrary<String> pieces = Arbitraries.of(PIECES)
			.list()
			.ofMinSize(1)
			.ofMaxSize(8)
			.map((list) -> String.join("", list));
		Arbitrary<String> numbers = Arbitraries.bigIntegers()
			.between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
			.map(BigInteger::toString);
		Arbitrary<String> dates = Combinators
			.combine(Arbitraries.integers().between(-1, 10_000), Arbitraries.integers().between(0, 13),
					Arbitraries.integers().between(0, 32))
			.as((year, month, day) -> String.format(Locale.ROOT, "%04d-%02d-%02d", year, month, day))
			.filter((date) -> !isDate(date));
		Arbitrary<String> all = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(80),
				Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(70), pieces, numbers, dates);
		return all.filter((value) -> !STRINGS.contains(value)).sampleStream().distinct().limit(count).toList();
	}

	private BadInputs() {
	}

	/**
	 * {@link #STRINGS} followed by {@code generated} {@link #generated(int) generated}
	 * ones.
	 */
	public static List<String> corpusAndGenerated(int generated) {
		List<String> all = new ArrayList<>(STRINGS);
		all.addAll(generated(generated));
		return all;
	}

	/**
	 * Hostile JSON bodies made from a valid one: each field in turn missing,
	 * {@code null}, of every other JSON type, a huge or fractional number, a very long or
	 * odd string, deeply nested; then broken bodies (cut short, not an object, 10,000
	 * levels deep, an unknown field holding a deep value, 2 MiB); then {@code generated}
	 * bodies with a field set to a generated JSON value (jqwik). Some of them are valid
	 * (a generated name, say): the caller tells them apart by the answer and checks that
	 * nothing else was stored.
	 * @param valid each field of a valid body with its value as JSON text, in order
	 */
	public static List<String> jsonBodies(Map<String, String> valid, int generated) {
		List<String> values = List.of("null", "\"\"", "\" \"", "true", "[]", "{}", "[1,2]", "{\"a\":1}", "-1", "0",
				"5.5", "1e400", "-1e400", "99999999999999999999999999", "\"5\"", "\"" + "x".repeat(100_000) + "\"",
				"\"\\u0000\"", "\"\\uD800\"", "\"\u202Eevil\"", "\"😀\"", "\"../../etc/passwd\"",
				"\"'; DROP TABLE x; --\"", "\"<script>alert(1)</script>\"", "[".repeat(2_000) + "]".repeat(2_000));
		List<String> bodies = new ArrayList<>();
		for (String field : valid.keySet()) {
			Map<String, String> without = new LinkedHashMap<>(valid);
			without.remove(field);
			bodies.add(json(without));
			for (String value : values) {
				bodies.add(json(with(valid, field, value)));
			}
		}
		String body = json(valid);
		for (int cut = 1; cut < body.length(); cut += 5) {
			bodies.add(body.substring(0, cut));
		}
		bodies.addAll(List.of("", "null", "[]", "42", "\"body\"", "[" + body + "]", body + body, body + " x",
				"[".repeat(10_000) + "]".repeat(10_000), "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000),
				json(with(valid, "unknown", "[".repeat(5_000) + "]".repeat(5_000))),
				json(with(valid, "unknown", "\"" + "y".repeat(2 * 1024 * 1024) + "\""))));
		Arbitrary<String> jsonValues = Arbitraries.oneOf(
				Arbitraries.strings().all().ofMaxLength(300).map(BadInputs::quote),
				Arbitraries.longs().map(String::valueOf), Arbitraries.doubles().map(String::valueOf),
				Arbitraries.bigIntegers()
					.between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40))
					.map(String::valueOf),
				Arbitraries.of("true", "false", "null", "[]", "{}"));
		List<String> fields = List.copyOf(valid.keySet());
		Arbitraries.integers()
			.between(0, fields.size() - 1)
			.flatMap((index) -> jsonValues.map((value) -> json(with(valid, fields.get(index), value))))
			.sampleStream()
			.limit(generated)
			.forEach(bodies::add);
		return bodies;
	}

	/**
	 * Sends every body to {@code PUT} at the path {@code pathFor} gives for its index (a
	 * new id or date each time) and checks each answer: never a 5xx, every 4xx a problem
	 * detail.
	 * @return how many bodies were taken (2xx): what the caller may find stored, and no
	 * more
	 */
	public static int putEach(int port, String key, List<String> bodies, IntFunction<String> pathFor) throws Exception {
		int taken = 0;
		for (int n = 0; n < bodies.size(); n++) {
			String body = bodies.get(n);
			String path = pathFor.apply(n);
			HttpResponse<String> answer = send(port, "PUT", path, key, body);
			String what = "PUT " + path + " " + abbreviate(body);
			if (answer.statusCode() >= 200 && answer.statusCode() < 300) {
				taken++;
				continue;
			}
			if (answer.statusCode() < 400 || answer.statusCode() >= 500) {
				throw new AssertionError(what + " answered " + answer.statusCode() + ": " + abbreviate(answer.body()));
			}
			String type = answer.headers().firstValue("Content-Type").orElse("");
			if (!type.startsWith("application/problem+json")) {
				throw new AssertionError(what + " answered " + answer.statusCode() + " as " + type);
			}
		}
		return taken;
	}

	private static String abbreviate(String text) {
		return (text.length() <= 120) ? text : text.substring(0, 120) + "... (" + text.length() + " chars)";
	}

	/**
	 * {@code value} as a JSON string, every character outside printable ASCII escaped.
	 */
	public static String quote(String value) {
		StringBuilder quoted = new StringBuilder("\"");
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '"' || c == '\\') {
				quoted.append('\\').append(c);
			}
			else if (c < ' ' || c > '~') {
				quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
			}
			else {
				quoted.append(c);
			}
		}
		return quoted.append('"').toString();
	}

	private static Map<String, String> with(Map<String, String> valid, String field, String value) {
		Map<String, String> changed = new LinkedHashMap<>(valid);
		changed.put(field, value);
		return changed;
	}

	private static String json(Map<String, String> fields) {
		StringBuilder json = new StringBuilder("{");
		fields.forEach((name, value) -> json.append((json.length() > 1) ? "," : "")
			.append('"')
			.append(name)
			.append("\":")
			.append(value));
		return json.append('}').toString();
	}

	private static boolean isDate(String value) {
		try {
			LocalDate.parse(value);
			return true;
		}
		catch (DateTimeParseException ex) {
			return false;
		}
	}

	/** The value percent-encoded for a path segment or a query parameter. */
	public static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}

	/**
	 * Sends a request to {@code http://127.0.0.1:<port><rawPathAndQuery>} as it is.
	 * @param body a JSON body, or {@code null} for none
	 */
	public static HttpResponse<String> send(int port, String method, String rawPathAndQuery, String key, String body)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + rawPathAndQuery))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody())
			.header("Accept", "application/json");
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (key != null) {
			request.header("Authorization", "Bearer " + key);
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
