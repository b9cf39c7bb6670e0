package dev.playback.aggregator.session.state;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import dev.playback.schemas.Heartbeat;

/** A playback's stored events in a map, the reference the stores' logs are held to. */
public class MapEventLog implements EventLog {

	public final TreeMap<Long, Heartbeat> events = new TreeMap<>();

	@Override
	public Heartbeat get(long seq) {
		return this.events.get(seq);
	}

	@Override
	public void put(Heartbeat event) {
		this.events.put(event.getSeq(), event);
	}

	@Override
	public List<Heartbeat> range(long from, long to) {
		return new ArrayList<>(this.events.subMap(from, true, to, true).values());
	}

	@Override
	public void removeUpTo(long to) {
		this.events.headMap(to, true).clear();
	}

}
