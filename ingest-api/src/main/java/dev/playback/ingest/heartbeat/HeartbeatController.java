package dev.playback.ingest.heartbeat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.playback.ingest.IngestProperties;
import dev.playback.ingest.traffic.TrafficClassifier;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.TrafficClass;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/heartbeats}: one event or an array of events, all checked before any is
 * published, answered 202 only once Kafka has every one of them.
 */
@RestController
class HeartbeatController {

	static final String PATH = "/v1/heartbeats";

	private static final Logger log = LoggerFactory.getLogger(HeartbeatController.class);

	private final HeartbeatRules rules;

	private final HeartbeatPublisher publisher;

	private final Clock clock;

	private final int maxEvents;

	/** Events answered 202, by the traffic class of their request. */
	private final AcceptedEvents accepted;

	private final TrafficClassifier traffic;

	private final MeterRegistry meters;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final HeartbeatErrors problems;

	HeartbeatController(HeartbeatRules rules, HeartbeatPublisher publisher, Clock clock, IngestProperties properties,
			MeterRegistry meters, HeartbeatErrors problems, TrafficClassifier traffic) {
		this.traffic = traffic;
		this.problems = problems;
		this.rules = rules;
		this.publisher = publisher;
		this.clock = clock;
		this.maxEvents = properties.maxEventsPerRequest();
		this.meters = meters;
		this.accepted = new AcceptedEvents(meters);
		Gauge.builder("heartbeats.inflight.requests", this.inFlight, AtomicInteger::get)
			.description("Requests waiting for Kafka's acknowledgement")
			.register(meters);
	}

	/**
	 * The answer to an accepted request.
	 *
	 * @param accepted how many events were written
	 */
	record Accepted(int accepted) {
	}

	@Operation(summary = "Accept playback events",
			description = "One event, or a JSON array of 1 to 500 events, checked as a whole: 202 once Kafka has every "
					+ "one of them, 400 naming each bad event by index and field with nothing published. Browsers may "
					+ "send the same JSON as text/plain (navigator.sendBeacon, CORS-simple fetch); pages of the "
					+ "origins in playback.ingest.allowed-origins get CORS answers, other origins 403.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
			content = {
					@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(oneOf = { HeartbeatRequest.class, HeartbeatRequest[].class })),
					@Content(mediaType = MediaType.TEXT_PLAIN_VALUE,
							schema = @Schema(oneOf = { HeartbeatRequest.class, HeartbeatRequest[].class })) })
	@ApiResponse(responseCode = "202", description = "Every event is durably written to Kafka",
			content = @Content(schema = @Schema(implementation = Accepted.class)))
	@ApiResponse(responseCode = "400", description = "Invalid events; none published",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "408",
			description = "The whole body did not arrive within body-read-timeout (10 s); the connection is closed",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "413", description = "Over 1 MiB or over 500 events",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "403", description = "A cross-origin request from an origin not allowed",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "415", description = "Neither application/json nor text/plain",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "429",
			description = "This client sends faster than its rate limit (when one is set); retry after Retry-After",
			content = @Content(mediaType = "application/problem+json"))
	@ApiResponse(responseCode = "503", description = "Kafka did not take the events in time; retry after Retry-After",
			content = @Content(mediaType = "application/problem+json"))
	@PostMapping(path = PATH, consumes = { MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_PLAIN_VALUE },
			produces = MediaType.APPLICATION_JSON_VALUE)
	void accept(HttpServletRequest request, HttpServletResponse response) throws IOException {
		Instant receivedAt = this.clock.instant();
		// neither the agent nor the address goes further than this line
		TrafficClass trafficClass = this.traffic.classify(request.getHeader("User-Agent"), request.getRemoteAddr());
		List<EventError> errors = new ArrayList<>();
		HeartbeatReader.Events events = HeartbeatReader.read(request.getInputStream(), request.getContentLength(),
				this.maxEvents, errors);
		if (events.count() == 0) {
			throw rejected("empty_batch", 0,
					new InvalidEventsException(List.of(new EventError(0, null, "a batch must hold at least 1 event"))));
		}
		if (events.count() > this.maxEvents) {
			throw rejected("too_many_events", events.count(),
					new TooManyEventsException(events.count(), this.maxEvents));
		}
		List<Heartbeat> heartbeats = checked(events.read(), errors, receivedAt, trafficClass);
		// the producer's callback answers on the servlet's own async context: no thread
		// waits for Kafka, and the answer does not go through a second MVC dispatch
		answerWhenAcknowledged(request.startAsync(request, response), heartbeats, trafficClass);
	}

	/**
	 * Every event checked against the rules, as Avro; or the reasons none of them is
	 * taken: the type errors found while reading and the rules' errors, by event.
	 */
	private List<Heartbeat> checked(List<HeartbeatRequest> events, List<EventError> errors, Instant receivedAt,
			TrafficClass trafficClass) {
		List<Heartbeat> heartbeats = new ArrayList<>(events.size());
		boolean typeErrors = !errors.isEmpty();
		for (int index = 0; index < events.size(); index++) {
			HeartbeatRequest event = events.get(index);
			if (event != null) {
				List<EventError> eventErrors = this.rules.check(index, event);
				errors.addAll(eventErrors);
				if (eventErrors.isEmpty()) {
					heartbeats.add(event.toAvro(receivedAt, trafficClass));
				}
			}
		}
		if (!errors.isEmpty()) {
			if (typeErrors) {
				// reading found its type errors before any rule ran: order them by event
				errors.sort(Comparator.comparingInt(EventError::index));
			}
			throw rejected("invalid_event", events.size(), new InvalidEventsException(errors));
		}
		return heartbeats;
	}

	private void answerWhenAcknowledged(AsyncContext async, List<Heartbeat> heartbeats, TrafficClass trafficClass) {
		// the publisher completes within its own timeout, so the container needs none
		async.setTimeout(0);
		this.inFlight.incrementAndGet();
		this.publisher.publish(heartbeats).whenComplete((count, failure) -> {
			this.inFlight.decrementAndGet();
			HttpServletResponse response = (HttpServletResponse) async.getResponse();
			try {
				if (failure == null) {
					this.accepted.count(trafficClass, heartbeats);
					answerAccepted(response, count);
				}
				else {
					this.meters.counter("heartbeats.rejected", "reason", "broker_unavailable")
						.increment(heartbeats.size());
					this.problems.answerUnavailable(response, failure);
				}
			}
			catch (IOException | RuntimeException ex) {
				log.debug("Could not answer a heartbeat request (client gone?)", ex);
			}
			finally {
				async.complete();
			}
		});
	}

	private static void answerAccepted(HttpServletResponse response, int count) throws IOException {
		byte[] body = ("{\"accepted\":" + count + "}").getBytes(StandardCharsets.UTF_8);
		response.setStatus(HttpServletResponse.SC_ACCEPTED);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/** Counts a rejected request's events (at least one) by reason. */
	private RuntimeException rejected(String reason, int events, RuntimeException exception) {
		this.meters.counter("heartbeats.rejected", "reason", reason).increment(Math.max(1, events));
		return exception;
	}

}
