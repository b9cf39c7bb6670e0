package dev.playback.portal;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.playback.web.SlowClients;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portal is not held by slow or hostile clients: with a thousand connections that
 * sent a form's headers and then trickle its body, five times Tomcat's 200 threads, pages
 * are served within their bound and each slow connection is answered 408 once the
 * whole-body bound passes. A form trickled in is still checked for its CSRF token.
 */
@SpringBootTest(classes = PortalApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=" + PortalApplication.CONFIG_NAME, "playback.web.body-read-timeout=5s" })
class SlowClientsTest {

	static final int SLOW_CLIENTS = 1_000;

	private static final Pattern TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void aSignInFormTrickledInIsStillCheckedForItsCsrfToken() throws Exception {
		HttpResponse<String> page = get("/signin");
		String session = "Cookie: " + page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0] + "\r\n";
		Matcher token = TOKEN.matcher(page.body());
		assertThat(token.find()).as("the sign-in form carries a CSRF token").isTrue();

		String withToken = SlowClients.postFormInTwoParts(this.port, "/signin", session,
				"_csrf=" + token.group(1) + "&key=");
		assertThat(withToken).as("the form reached the sign-in page")
			.startsWith("HTTP/1.1 401")
			.contains("Enter your key.");

		String withoutToken = SlowClients.postFormInTwoParts(this.port, "/signin", session, "key=");
		assertThat(withoutToken).startsWith("HTTP/1.1 403").doesNotContain("Enter your key.");
		String wrongToken = SlowClients.postFormInTwoParts(this.port, "/signin", session, "_csrf=forged&key=");
		assertThat(wrongToken).startsWith("HTTP/1.1 403").doesNotContain("Enter your key.");
	}

	@Test
	void aThousandTricklingClientsLeavePagesWithinTheirBound() throws Exception {
		List<Socket> slow = new ArrayList<>();
		try {
			long opened = System.nanoTime();
			for (int i = 0; i < SLOW_CLIENTS; i++) {
				Socket socket = new Socket("127.0.0.1", this.port);
				socket.getOutputStream()
					.write(("POST /signin HTTP/1.1\r\nHost: portal\r\nContent-Type: application/x-www-form-urlencoded\r\n"
							+ "Content-Length: 200\r\n\r\n_csrf=")
						.getBytes(StandardCharsets.US_ASCII));
				slow.add(socket);
			}
			List<Long> latencies = new ArrayList<>();
			for (int i = 1; i <= 100; i++) {
				long began = System.nanoTime();
				assertThat(get("/signin").statusCode()).isEqualTo(200);
				latencies.add(System.nanoTime() - began);
				if (i % 20 == 0) {
					// a byte now and then: within any per-read timeout, the body never
					// completes
					for (Socket socket : slow) {
						SlowClients.trickle(socket, 'x');
					}
				}
			}
			latencies.sort(null);
			System.out.printf("portal slow clients: pages p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
					latencies.get(latencies.size() / 2) / 1e6, latencies.get(latencies.size() * 99 / 100 - 1) / 1e6,
					latencies.get(latencies.size() - 1) / 1e6);
			assertThat(Duration.ofNanos(latencies.get(latencies.size() * 99 / 100 - 1)))
				.as("p99 of pages beside %d slow clients", SLOW_CLIENTS)
				.isLessThan(Duration.ofSeconds(1));

			assertThat(SlowClients.answeredWith(slow, "HTTP/1.1 408"))
				.as("every slow client answered 408 after the bound")
				.isEqualTo(SLOW_CLIENTS);
			assertThat(Duration.ofNanos(System.nanoTime() - opened)).as("a bound on the whole body, not per byte")
				.isLessThan(Duration.ofSeconds(30));
		}
		finally {
			for (Socket socket : slow) {
				socket.close();
			}
		}
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
