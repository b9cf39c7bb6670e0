package dev.playback.ingest.heartbeat;

import java.util.List;

/** A request with at least one bad event; none of its events is published. */
class InvalidEventsException extends RuntimeException {

	private final List<EventError> errors;

	InvalidEventsException(List<EventError> errors) {
		super(errors.size() + " invalid field(s)");
		this.errors = List.copyOf(errors);
	}

	List<EventError> errors() {
		return this.errors;
	}

}
