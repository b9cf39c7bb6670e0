package dev.playback.aggregator.session.state;

import java.util.List;

import dev.playback.schemas.Heartbeat;

/**
 * The stored events of one playback, by seq: what a late or out-of-order event is folded
 * again with. Backed by the playback's state and a state store in the topology
 * ({@link ChunkedEventLog}, which keeps what the session rules read of each event: not
 * the event id), by a map in unit tests.
 */
public interface EventLog {

	public Heartbeat get(long seq);

	public void put(Heartbeat event);

	/** Events with {@code from <= seq <= to}, ascending by seq. */
	public List<Heartbeat> range(long from, long to);

	/** Drops the events with {@code seq <= to}. */
	public void removeUpTo(long to);

}
