package dev.playback.ingest.heartbeat;

/**
 * A body that is not one well-formed JSON value (or could not be read to its end, such as
 * a chunked body past the size cap, which is the cause then).
 */
class MalformedBodyException extends RuntimeException {

	MalformedBodyException(String message) {
		super(message);
	}

	MalformedBodyException(Throwable cause) {
		super(cause.getMessage(), cause);
	}

}
