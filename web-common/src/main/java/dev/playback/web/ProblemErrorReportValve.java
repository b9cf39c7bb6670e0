package dev.playback.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.http.HttpStatus;

/**
 * Tomcat's error report as RFC 9457 problem details instead of an HTML page. Spring
 * answers every request it handles with problem details already; this covers the ones
 * Tomcat refuses before any servlet runs (a {@code %00} or an encoded {@code /} in the
 * path, an illegal character in a header), so that clients get one error format. The
 * detail never echoes the request or an exception message.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		HttpStatus known = HttpStatus.resolve(status);
		String title = (known != null) ? known.getReasonPhrase() : null;
		String body = "{\"type\":\"about:blank\",\"title\":\"" + ((title != null) ? title : "Error") + "\",\"status\":"
				+ status + ",\"detail\":\"The server refused the request before reading it: check the path, "
				+ "its percent-encoding and the headers.\"}";
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone or the response is already on its way
		}
	}

}
