package dev.playback.ingest.heartbeat;

import java.io.IOException;

import dev.playback.ingest.IngestProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * The RFC 9457 problem details {@link HeartbeatServlet} answers: bad events, bodies and
 * batches, methods and media types the endpoint does not take, and Kafka not taking the
 * events in time.
 */
@Component
class HeartbeatErrors {

	private static final Logger log = LoggerFactory.getLogger(HeartbeatErrors.class);

	private final String retryAfterSeconds;

	private final MeterRegistry meters;

	private final Counter unavailable;

	HeartbeatErrors(IngestProperties properties, MeterRegistry meters) {
		this.retryAfterSeconds = String.valueOf(Math.max(1, properties.retryAfter().toSeconds()));
		this.meters = meters;
		// registered at 0, so that an alert on its rate has a series before the first 503
		this.unavailable = Counter.builder("heartbeats.unavailable.responses")
			.description("Requests answered 503 because the broker did not acknowledge in time")
			.register(meters);
	}

	/** The answer to a request refused for what its body holds. */
	void answer(HttpServletResponse response, RuntimeException refusal) throws IOException {
		if (refusal instanceof InvalidEventsException invalid) {
			ProblemWriter.write(response, HttpStatus.BAD_REQUEST, "urn:playback:problem:invalid-heartbeat",
					"Invalid heartbeat", "The request has invalid events; none of its events was accepted.",
					invalid.errors());
		}
		else if (refusal instanceof MalformedBodyException) {
			this.meters.counter("heartbeats.rejected", "reason", "malformed_json").increment();
			ProblemWriter.write(response, HttpStatus.BAD_REQUEST, "urn:playback:problem:malformed-json",
					"Malformed JSON", "The body is not well-formed JSON; none of its events was accepted.", null);
		}
		else {
			ProblemWriter.write(response, HttpStatus.CONTENT_TOO_LARGE, "Too many events", refusal.getMessage());
		}
	}

	void methodNotAllowed(HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.setHeader(HttpHeaders.ALLOW, HeartbeatServlet.ALLOWED_METHODS);
		ProblemWriter.write(response, HttpStatus.METHOD_NOT_ALLOWED, "Method Not Allowed",
				"Method '" + ProblemWriter.printable(request.getMethod()) + "' is not supported.");
	}

	void unsupportedMediaType(HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.meters.counter("heartbeats.rejected", "reason", "unsupported_media_type").increment();
		response.setHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE + ", " + MediaType.TEXT_PLAIN_VALUE);
		String type = request.getContentType();
		ProblemWriter
			.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type",
					((type != null) ? "Content-Type '" + ProblemWriter.printable(type) + "'"
							: "A body without a Content-Type")
							+ " is not supported: send application/json or text/plain.");
	}

	void notAcceptable(HttpServletRequest request, HttpServletResponse response) throws IOException {
		ProblemWriter.write(response, HttpStatus.NOT_ACCEPTABLE, "Not Acceptable",
				"The answer is application/json, which Accept '"
						+ ProblemWriter.printable(request.getHeader(HttpHeaders.ACCEPT)) + "' does not take.");
	}

	/** The 503 of a request whose events Kafka did not acknowledge in time. */
	void answerUnavailable(HttpServletResponse response, Throwable failure) throws IOException {
		this.unavailable.increment();
		log.warn("Answering 503: {}", (failure.getCause() != null) ? failure.getCause() : failure);
		response.setHeader(HttpHeaders.RETRY_AFTER, this.retryAfterSeconds);
		ProblemWriter.write(response, HttpStatus.SERVICE_UNAVAILABLE, "Heartbeats temporarily not accepted",
				"Kafka could not take the events in time; none of them counts as accepted. Retry the whole request.");
	}

}
