package dev.playback.ingest.heartbeat;

/** A batch over the size limit. */
class TooManyEventsException extends RuntimeException {

	TooManyEventsException(int count, int max) {
		super("A request may hold at most " + max + " events; this one has " + count);
	}

}
