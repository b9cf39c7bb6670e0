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
import java.util.List;
import java.util.Locale;

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
