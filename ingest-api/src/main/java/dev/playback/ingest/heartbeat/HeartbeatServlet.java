package dev.playback.ingest.heartbeat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import dev.playback.ingest.IngestProperties;
import dev.playback.ingest.traffic.TrafficClassifier;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.TrafficClass;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * {@code POST /v1/heartbeats}: one event or an array of events, all checked before any is
 * published, answered 202 only once Kafka has every one of them.
 * <p>
 * A servlet of its own, mapped to exactly this path, not a Spring MVC controller: the
 * DispatcherServlet's handler lookup, argument resolution and request attributes took a
 * sixth of ingest's CPU per single-event request (JFR, docs/benchmarks.md), for one
 * endpoint with one method and two content types. The servlet filters (CORS, rate limit,
 * body size and read timeout, request timer) run as before; what MVC answered for this
 * path it answers the same way here: 405 with {@code Allow} for other methods,
 * {@code OPTIONS} with {@code Allow}, 415 for other content types, 406 for an
 * {@code Accept} without JSON, RFC 9457 problem details for all of them
 * ({@link HeartbeatErrors}). The API reference describes it through
 * {@link HeartbeatApiDocument}.
 */
class HeartbeatServlet extends HttpServlet {

	static final String PATH = "/v1/heartbeats";

	/**
	 * The request attribute holding the exception a request was answered for (a problem
	 * detail), for the request timer's {@code exception} tag.
	 */
	static final String EXCEPTION_ATTRIBUTE = HeartbeatServlet.class.getName() + ".exception";

	static final String ALLOWED_METHODS = "POST, OPTIONS";

	private static final Logger log = LoggerFactory.getLogger(HeartbeatServlet.class);

	private final transient HeartbeatRules rules;

	private final transient HeartbeatPublisher publisher;

	private final transient Clock clock;

	private final int maxEvents;

	/** Events answered 202, by the traffic class of their request. */
	private final transient AcceptedEvents accepted;

	private final transient TrafficClassifier traffic;

	private final transient MeterRegistry meters;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final transient HeartbeatErrors problems;

	HeartbeatServlet(HeartbeatRules rules, HeartbeatPublisher publisher, Clock clock, IngestProperties properties,
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

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String method = request.getMethod();
		if ("OPTIONS".equals(method)) {
			// a CORS preflight is answered by BrowserCorsFilter before this
			response.setHeader(HttpHeaders.ALLOW, ALLOWED_METHODS);
			return;
		}
		if (!"POST".equals(method)) {
			this.problems.methodNotAllowed(request, response);
			return;
		}
		if (!readable(request.getContentType())) {
			this.problems.unsupportedMediaType(request, response);
			return;
		}
		if (!acceptsJson(request.getHeader(HttpHeaders.ACCEPT))) {
			this.problems.notAcceptable(request, response);
			return;
		}
		try {
			accept(request, response);
		}
		catch (InvalidEventsException | MalformedBodyException | TooManyEventsException ex) {
			request.setAttribute(EXCEPTION_ATTRIBUTE, ex);
			this.problems.answer(response, ex);
		}
	}

	/**
	 * Whether a request is to this endpoint: what the filters that guard it (CORS, rate
	 * limit, body size, timer) ask of every request.
	 */
	static boolean isFor(HttpServletRequest request) {
		return PATH.equals(request.getRequestURI());
	}

	/** {@code application/json} or {@code text/plain}, with any parameters. */
	static boolean readable(String contentType) {
		if (contentType == null) {
			return false;
		}
		int end = contentType.indexOf(';');
		String type = ((end < 0) ? contentType : contentType.substring(0, end)).strip().toLowerCase(Locale.ROOT);
		return MediaType.APPLICATION_JSON_VALUE.equals(type) || MediaType.TEXT_PLAIN_VALUE.equals(type);
	}

	/**
	 * Whether an answer in JSON is acceptable: no {@code Accept}, or one JSON matches.
	 */
	static boolean acceptsJson(String accept) {
		if (accept == null || accept.isBlank() || accept.equals("*/*")
				|| accept.equals(MediaType.APPLICATION_JSON_VALUE)) {
			return true;
		}
		try {
			return MediaType.parseMediaTypes(accept)
				.stream()
				.anyMatch((type) -> type.isCompatibleWith(MediaType.APPLICATION_JSON) && type.getQualityValue() > 0);
		}
		catch (InvalidMediaTypeException ex) {
			// as Spring MVC: an unreadable Accept does not refuse the request
			return true;
		}
	}

	private void accept(HttpServletRequest request, HttpServletResponse response) throws IOException {
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
		// waits for Kafka
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
