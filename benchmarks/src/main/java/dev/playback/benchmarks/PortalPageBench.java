package dev.playback.benchmarks;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.playback.infra.FreePorts;
import dev.playback.portal.PortalApplication;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The portal's page time: a portal started against a running ad-metrics-service, signed
 * in with an advertiser's key as a browser would (the sign-in form and its CSRF token, a
 * session cookie), then one page asked for again and again. Each time is the whole answer
 * on loopback: the portal's calls to the service, the page rendered and sent.
 */
final class PortalPageBench {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private PortalPageBench() {
	}

	/**
	 * Milliseconds per page, sorted, after {@code warmUp} pages not counted.
	 * @param adMetricsUrl the service the portal reads
	 * @param key the advertiser's key
	 * @param path the page, e.g. {@code /campaigns?from=...}
	 * @param mustContain text the page must hold (else the run is not measuring the page)
	 */
	static List<Double> latencies(String adMetricsUrl, String key, String path, String mustContain, int warmUp,
			int measured) throws Exception {
		int port = FreePorts.next();
		try (ConfigurableApplicationContext portal = PortalApplication.application()
			.run("--server.port=" + port, "--spring.main.banner-mode=off",
					"--playback.portal.ad-metrics-url=" + adMetricsUrl,
					"--playback.portal.royalty-url=http://127.0.0.1:" + FreePorts.next())) {
			String base = "http://127.0.0.1:" + port;
			HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
			String form = http
				.send(HttpRequest.newBuilder(URI.create(base + "/signin")).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
			Matcher token = CSRF.matcher(form);
			if (!token.find()) {
				throw new IllegalStateException("No CSRF token on the sign-in page");
			}
			HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(base + "/signin"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("key=" + URLEncoder.encode(key, StandardCharsets.UTF_8)
						+ "&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8)))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (signedIn.statusCode() != 302) {
				throw new IllegalStateException("Sign-in answered " + signedIn.statusCode());
			}
			List<Double> millis = new ArrayList<>();
			for (int i = 0; i < warmUp + measured; i++) {
				long start = System.nanoTime();
				HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
						HttpResponse.BodyHandlers.ofString());
				double elapsed = (System.nanoTime() - start) / 1e6;
				if (page.statusCode() != 200 || !page.body().contains(mustContain)) {
					throw new IllegalStateException(
							"The page answered " + page.statusCode() + " without " + mustContain);
				}
				if (i >= warmUp) {
					millis.add(elapsed);
				}
			}
			Collections.sort(millis);
			return millis;
		}
	}

}
