package dev.playback.ingest.heartbeat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;

/**
 * RFC 9457 problem details written straight to the response, for the places that answer
 * outside Spring MVC's exception handling: the body-size filter and the asynchronous
 * answer.
 */
final class ProblemWriter {

	static final String CONTENT_TYPE = "application/problem+json";

	private ProblemWriter() {
	}

	static void write(HttpServletResponse response, HttpStatus status, String title, String detail) throws IOException {
		response.setStatus(status.value());
		response.setContentType(CONTENT_TYPE);
		String body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status.value()
				+ ",\"detail\":\"" + detail + "\",\"instance\":\"/v1/heartbeats\"}";
		response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
	}

}
