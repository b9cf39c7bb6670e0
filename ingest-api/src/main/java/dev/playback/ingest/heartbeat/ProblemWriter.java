package dev.playback.ingest.heartbeat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;

/**
 * RFC 9457 problem details of {@code /v1/heartbeats} written straight to the response:
 * the endpoint is a servlet of its own ({@link HeartbeatServlet}), and its filters answer
 * before it.
 */
final class ProblemWriter {

	static final String CONTENT_TYPE = "application/problem+json";

	private static final int MAX_ECHOED = 200;

	private ProblemWriter() {
	}

	static void write(HttpServletResponse response, HttpStatus status, String title, String detail) throws IOException {
		write(response, status, "about:blank", title, detail, null);
	}

	/**
	 * A problem with its {@code type}; with {@code errors}, an {@code errors} member of
	 * one {@code {index, field, message}} object per bad field.
	 */
	static void write(HttpServletResponse response, HttpStatus status, String type, String title, String detail,
			List<EventError> errors) throws IOException {
		StringBuilder body = new StringBuilder(256).append("{\"type\":");
		string(body, type).append(",\"title\":");
		string(body, title).append(",\"status\":").append(status.value()).append(",\"detail\":");
		string(body, detail).append(",\"instance\":\"").append(HeartbeatServlet.PATH).append('"');
		if (errors != null) {
			body.append(",\"errors\":[");
			for (int i = 0; i < errors.size(); i++) {
				EventError error = errors.get(i);
				body.append((i > 0) ? ",{" : "{").append("\"index\":").append(error.index());
				if (error.field() != null) {
					string(body.append(",\"field\":"), error.field());
				}
				string(body.append(",\"message\":"), error.message()).append('}');
			}
			body.append(']');
		}
		body.append('}');
		response.setStatus(status.value());
		response.setContentType(CONTENT_TYPE);
		response.getOutputStream().write(body.toString().getBytes(StandardCharsets.UTF_8));
	}

	/** A value a client sent, cut to a length fit for an answer. */
	static String printable(String value) {
		return (value == null || value.length() <= MAX_ECHOED) ? value : value.substring(0, MAX_ECHOED) + "...";
	}

	/** {@code value} as a JSON string. */
	private static StringBuilder string(StringBuilder json, String value) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		return json.append('"');
	}

}
