package dev.playback.ingest.heartbeat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;

/**
 * For the benchmark only, registered only with
 * {@code playback.ingest.benchmark-endpoint-enabled=true}:
 * {@code POST /benchmark/accept-only} reads the request body and answers 202 without
 * parsing or touching Kafka, the ceiling of this HTTP server on the machine. A servlet of
 * its own, as {@link HeartbeatServlet} is, so that the two differ by what ingest does
 * with a heartbeat, not by how the server dispatches to it.
 */
class CeilingServlet extends HttpServlet {

	static final String PATH = "/benchmark/accept-only";

	private static final byte[] ANSWER = "{\"accepted\":0}".getBytes(StandardCharsets.UTF_8);

	@Override
	protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
		try (InputStream body = request.getInputStream()) {
			body.transferTo(OutputStream.nullOutputStream());
		}
		response.setStatus(HttpServletResponse.SC_ACCEPTED);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(ANSWER.length);
		response.getOutputStream().write(ANSWER);
	}

}
