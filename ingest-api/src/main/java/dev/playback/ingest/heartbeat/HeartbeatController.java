package dev.playback.ingest.heartbeat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import dev.playback.ingest.IngestProperties;
import dev.playback.schemas.Heartbeat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/heartbeats}: one event or an array of events, all checked before any is
 * published, answered 202 only once Kafka has every one of them.
 */
@RestController
class HeartbeatController {

	private final JsonMapper json;

	private final HeartbeatRules rules;

	private final HeartbeatPublisher publisher;

	private final Clock clock;

	private final int maxEvents;

	private final Counter accepted;

	private final MeterRegistry meters;

	HeartbeatController(JsonMapper json, HeartbeatRules rules, HeartbeatPublisher publisher, Clock clock,
			IngestProperties properties, MeterRegistry meters) {
		this.json = json;
		this.rules = rules;
		this.publisher = publisher;
		this.clock = clock;
		this.maxEvents = properties.maxEventsPerRequest();
		this.meters = meters;
		this.accepted = Counter.builder("heartbeats.accepted")
			.description("Events written to Kafka and answered 202")
			.register(meters);
	}

	/**
	 * The answer to an accepted request.
	 *
	 * @param accepted how many events were written
	 */
	record Accepted(int accepted) {
	}

	@PostMapping(path = "/v1/heartbeats", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	CompletableFuture<ResponseEntity<Accepted>> accept(@RequestBody JsonNode body) {
		Instant receivedAt = this.clock.instant();
		List<JsonNode> nodes = body.isArray() ? body.valueStream().toList() : List.of(body);
		if (nodes.isEmpty()) {
			throw rejected(
					new InvalidEventsException(List.of(new EventError(0, null, "a batch must hold at least 1 event"))));
		}
		if (nodes.size() > this.maxEvents) {
			throw rejected(new TooManyEventsException(nodes.size(), this.maxEvents));
		}
		List<EventError> errors = new ArrayList<>();
		List<Heartbeat> heartbeats = new ArrayList<>(nodes.size());
		for (int index = 0; index < nodes.size(); index++) {
			HeartbeatRequest event = read(index, nodes.get(index), errors);
			if (event != null) {
				List<EventError> eventErrors = this.rules.check(index, event);
				errors.addAll(eventErrors);
				if (eventErrors.isEmpty()) {
					heartbeats.add(event.toAvro(receivedAt));
				}
			}
		}
		if (!errors.isEmpty()) {
			throw rejected(new InvalidEventsException(errors));
		}
		return this.publisher.publish(heartbeats).thenApply((count) -> {
			this.accepted.increment(count);
			return ResponseEntity.accepted().body(new Accepted(count));
		});
	}

	private HeartbeatRequest read(int index, JsonNode node, List<EventError> errors) {
		if (!node.isObject()) {
			errors.add(new EventError(index, null, "must be a JSON object"));
			return null;
		}
		try {
			return this.json.treeToValue(node, HeartbeatRequest.class);
		}
		catch (DatabindException ex) {
			String field = ex.getPath()
				.stream()
				.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
						: String.valueOf(reference.getIndex()))
				.collect(Collectors.joining("."));
			errors.add(new EventError(index, field.isEmpty() ? null : field, "has the wrong type or format"));
			return null;
		}
		catch (JacksonException ex) {
			errors.add(new EventError(index, null, "is not a readable event"));
			return null;
		}
	}

	private RuntimeException rejected(RuntimeException reason) {
		String tag = (reason instanceof TooManyEventsException) ? "too_many_events" : "invalid";
		this.meters.counter("heartbeats.rejected.requests", "reason", tag).increment();
		return reason;
	}

}
