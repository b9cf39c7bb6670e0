package dev.playback.infra;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

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

	private BadInputs() {
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
