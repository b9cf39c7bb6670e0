package dev.playback.sessions.consumer;

/** A session record that decodes but breaks a rule; it is never retried. */
public class InvalidSessionException extends RuntimeException {

	public InvalidSessionException(String message) {
		super(message);
	}

}
