package dev.playback.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module's two auto-configurations in a real embedded Tomcat: requests the container
 * refuses and bodies over the cap get problem details, good requests pass untouched.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = WebCommonServerTest.EchoApplication.class,
		properties = { "playback.web.max-request-size=1KB", "playback.web.max-import-size=4KB",
				// fewer threads than slow clients, and a short bound on reading a body
				"server.tomcat.threads.max=4", "server.tomcat.threads.min-spare=1", "playback.web.body-read-timeout=3s",
				// as in every service
				"spring.mvc.problemdetails.enabled=true" })
class WebCommonServerTest {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void pathsTomcatRefusesBeforeAnyServletAreProblemDetails() throws Exception {
		for (String path : List.of("/echo%00", "/a%2Fb", "/%5C..%5Cecho")) {
			String answer = raw("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Content-Length: 2\r\nConnection: close\r\n\r\n{}");
			assertThat(answer).as(path).startsWith("HTTP/1.1 400");
			assertThat(answer).as(path)
				.containsIgnoringCase("Content-Type: application/problem+json")
				.contains("\"status\":400")
				.contains("\"title\":\"Bad Request\"")
				.doesNotContain("<html")
				.doesNotContain(path);
		}
	}

	@Test
	void aBodyOverTheCapIs413AndOneAtTheCapIsServed() throws Exception {
		HttpResponse<String> over = post("application/json", "x".repeat(1025));
		assertThat(over.statusCode()).isEqualTo(413);
		assertThat(over.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(over.body()).contains("at most 1024 bytes");

		HttpResponse<String> at = post("application/json", "x".repeat(1024));
		assertThat(at.statusCode()).isEqualTo(200);
		assertThat(at.body()).isEqualTo("1024");
	}

	@Test
	void csvImportsMayBeLarger() throws Exception {
		assertThat(post("text/csv", "x".repeat(4096)).body()).isEqualTo("4096");
		assertThat(post("text/csv", "x".repeat(4097)).statusCode()).isEqualTo(413);
	}

	@Test
	void clientsTricklingTheirBodiesHoldNoThreadAndAreAnswered408AfterTheBound() throws Exception {
		List<Socket> slow = new ArrayList<>();
		try {
			// five times as many slow clients as the server has threads
			for (int i = 0; i < 20; i++) {
				Socket socket = new Socket("127.0.0.1", this.port);
				socket.setSoTimeout(10_000);
				socket.getOutputStream()
					.write(("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
							+ "Content-Length: 100\r\n\r\n\"first bytes")
						.getBytes(StandardCharsets.US_ASCII));
				slow.add(socket);
			}
			long began = System.nanoTime();
			for (int i = 0; i < 20; i++) {
				assertThat(post("application/json", "\"normal\"").body()).isEqualTo("8");
			}
			assertThat(Duration.ofNanos(System.nanoTime() - began)).as("served while the slow ones wait")
				.isLessThan(Duration.ofSeconds(2));
			for (Socket socket : slow) {
				socket.getOutputStream().write('x');
			}
			for (Socket socket : slow) {
				String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
				assertThat(answer).startsWith("HTTP/1.1 408")
					.containsIgnoringCase("Connection: close")
					.contains("\"status\":408");
			}
			assertThat(Duration.ofNanos(System.nanoTime() - began)).as("within the bound, not per byte")
				.isLessThan(Duration.ofSeconds(8));
		}
		finally {
			for (Socket socket : slow) {
				socket.close();
			}
		}
	}

	@Test
	void aChunkedBodyOverTheCapIsRefusedWhileRead() throws Exception {
		byte[] body = "x".repeat(5000).getBytes(StandardCharsets.US_ASCII);
		HttpResponse<String> answer = this.http.send(HttpRequest.newBuilder(url("/echo"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).isEqualTo(413);
		assertThat(answer.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
	}

	@Test
	void aFormsFieldsReachTheApplicationWithTheQueryStringsFirst() throws Exception {
		HttpResponse<String> answer = this.http.send(HttpRequest.newBuilder(url("/form?key=fromQuery"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("key=pk_%C3%A9t%C3%A9+1&other=x&bad=%zz&key=second"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.body()).isEqualTo("fromQuery|pk_\u00e9t\u00e9 1|second;x;null");
	}

	@Test
	void aFilterThatSkipsAsyncDispatchesChecksABodyThatWasWaitedFor() throws Exception {
		// as Spring Security's CSRF filter: it reads a form field and leaves async
		// dispatches alone; a body trickled in must not slip past it
		assertThat(SlowClients.postFormInTwoParts(this.port, "/guarded", "", "token=right&field=x"))
			.startsWith("HTTP/1.1 200")
			.endsWith("x");
		assertThat(SlowClients.postFormInTwoParts(this.port, "/guarded", "", "token=wrong&field=x"))
			.startsWith("HTTP/1.1 403")
			.doesNotEndWith("x");
		assertThat(SlowClients.postFormInTwoParts(this.port, "/guarded", "", "field=x")).startsWith("HTTP/1.1 403");
		assertThat(this.http
			.send(HttpRequest.newBuilder(url("/guarded"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("field=x"))
				.build(), HttpResponse.BodyHandlers.ofString())
			.statusCode()).as("the same body whole with its headers").isEqualTo(403);
	}

	private HttpResponse<String> post(String contentType, String body) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(url("/echo"))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI url(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/**
	 * A request as written, byte for byte: clients refuse to send some of these paths.
	 */
	private String raw(String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

	@SpringBootApplication
	@RestController
	static class EchoApplication {

		/** The body's length, read whole. */
		@PostMapping(path = "/echo", consumes = { "application/json", "text/csv" })
		String echo(@RequestBody String body) {
			return Integer.toString(body.length());
		}

		/** A field of a form that passed {@link #tokenCheck()}. */
		@PostMapping(path = "/guarded", consumes = "application/x-www-form-urlencoded")
		String guarded(HttpServletRequest request) {
			return request.getParameter("field");
		}

		/**
		 * Refuses a form to {@code /guarded} without {@code token=right}; like Spring
		 * Security's CSRF filter, it does not filter async dispatches.
		 */
		@Bean
		FilterRegistrationBean<OncePerRequestFilter> tokenCheck() {
			FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
					new OncePerRequestFilter() {

						@Override
						protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
								FilterChain chain) throws ServletException, IOException {
							if ("/guarded".equals(request.getRequestURI())
									&& !"right".equals(request.getParameter("token"))) {
								response.sendError(403);
								return;
							}
							chain.doFilter(request, response);
						}

					});
			// after the body filter, as the security filters are
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
			return registration;
		}

		/** A form's fields as the application sees them. */
		@PostMapping(path = "/form", consumes = "application/x-www-form-urlencoded")
		String form(HttpServletRequest request) {
			return String.join("|", request.getParameterValues("key")) + ";" + request.getParameter("other") + ";"
					+ request.getParameter("bad");
		}

	}

}
