package dev.playback.ceilings;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each stack starts the server it names (not whichever the classpath would pick) and
 * answers a body, read whole, with {@code 202}.
 */
class HttpCeilingsTest {

	@ParameterizedTest
	@CsvSource({ "tomcat, TomcatWebServer", "jetty, JettyServletWebServer", "netty, NettyWebServer" })
	void eachStackRunsItsOwnServerAndAcceptsABody(String stack, String server) throws Exception {
		try (ConfigurableApplicationContext context = HttpCeilings.run("--stack=" + stack, "--server.port=0")) {
			var webServer = ((WebServerApplicationContext) context).getWebServer();
			assertThat(webServer.getClass().getSimpleName()).isEqualTo(server);
			HttpResponse<String> answer = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webServer.getPort() + "/accept-only"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("[" + "{\"eventId\":\"e\"},".repeat(2_000) + "{}]"))
					.build(), HttpResponse.BodyHandlers.ofString());

			assertThat(answer.statusCode()).isEqualTo(202);
			assertThat(answer.body()).isEqualTo(HttpCeilings.ANSWER);
		}
	}

}
