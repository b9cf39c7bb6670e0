package dev.playback.ingest.heartbeat;

/**
 * What is wrong with one event of a request.
 *
 * @param index the event's position in the request (0 for a single event)
 * @param field the JSON field at fault, or {@code null} when the event as a whole is
 * @param message what the field must be
 */
record EventError(int index, String field, String message) {
}
