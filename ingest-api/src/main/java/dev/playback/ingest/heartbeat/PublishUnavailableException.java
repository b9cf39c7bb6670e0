package dev.playback.ingest.heartbeat;

/** Kafka did not acknowledge every event of a request in time. */
class PublishUnavailableException extends RuntimeException {

	PublishUnavailableException(Throwable cause) {
		super("Kafka did not acknowledge the events in time", cause);
	}

}
