package dev.playback.ingest.heartbeat;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.playback.ingest.IngestProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * RFC 9457 problem details for the heartbeat endpoint; ahead of the framework's generic
 * ones so that unreadable bodies get the endpoint's own answer.
 */
@RestControllerAdvice(assignableTypes = HeartbeatController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
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

	@ExceptionHandler
	ProblemDetail invalid(InvalidEventsException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request has invalid events; none of its events was accepted.");
		problem.setType(URI.create("urn:playback:problem:invalid-heartbeat"));
		problem.setTitle("Invalid heartbeat");
		List<Map<String, Object>> errors = ex.errors().stream().map(HeartbeatErrors::describe).toList();
		problem.setProperty("errors", errors);
		return problem;
	}

	/** Unreadable bodies: malformed JSON. */
	@ExceptionHandler
	ProblemDetail unreadable(MalformedBodyException ex) {
		this.meters.counter("heartbeats.rejected", "reason", "malformed_json").increment();
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The body is not well-formed JSON; none of its events was accepted.");
		problem.setType(URI.create("urn:playback:problem:malformed-json"));
		problem.setTitle("Malformed JSON");
		return problem;
	}

	private static Map<String, Object> describe(EventError error) {
		Map<String, Object> described = new LinkedHashMap<>();
		described.put("index", error.index());
		if (error.field() != null) {
			described.put("field", error.field());
		}
		described.put("message", error.message());
		return described;
	}

	@ExceptionHandler
	ProblemDetail tooMany(TooManyEventsException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage());
		problem.setTitle("Too many events");
		return problem;
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
