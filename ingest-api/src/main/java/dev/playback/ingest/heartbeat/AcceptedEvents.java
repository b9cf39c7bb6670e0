package dev.playback.ingest.heartbeat;

import java.util.List;

import dev.playback.schemas.DeviceType;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.TrafficClass;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code heartbeats.accepted}: events answered 202, by the traffic class of their request
 * and the device type each event names ({@code UNKNOWN} when it names none). Three
 * classes by six device values: eighteen series per instance.
 */
final class AcceptedEvents {

	private static final DeviceType[] DEVICES = DeviceType.values();

	private static final int UNKNOWN = DEVICES.length;

	/** By traffic class ordinal, then device type ordinal ({@link #UNKNOWN} last). */
	private final Counter[][] counters = new Counter[TrafficClass.values().length][DEVICES.length + 1];

	AcceptedEvents(MeterRegistry meters) {
		for (TrafficClass trafficClass : TrafficClass.values()) {
			for (int device = 0; device <= UNKNOWN; device++) {
				this.counters[trafficClass.ordinal()][device] = Counter.builder("heartbeats.accepted")
					.description("Events written to Kafka and answered 202, by the traffic class of their request "
							+ "(VALID, or general invalid traffic: GIVT_BOT_AGENT, GIVT_DATACENTER) and their device "
							+ "type (UNKNOWN when the event names none)")
					.tag("trafficClass", trafficClass.name())
					.tag("deviceType", (device == UNKNOWN) ? "UNKNOWN" : DEVICES[device].name())
					.register(meters);
			}
		}
	}

	/** Counts a request's events, all of one traffic class. */
	void count(TrafficClass trafficClass, List<Heartbeat> heartbeats) {
		Counter[] byDevice = this.counters[trafficClass.ordinal()];
		if (heartbeats.size() == 1) {
			byDevice[device(heartbeats.get(0))].increment();
			return;
		}
		int[] tally = new int[UNKNOWN + 1];
		for (Heartbeat heartbeat : heartbeats) {
			tally[device(heartbeat)]++;
		}
		for (int device = 0; device <= UNKNOWN; device++) {
			if (tally[device] > 0) {
				byDevice[device].increment(tally[device]);
			}
		}
	}

	private static int device(Heartbeat heartbeat) {
		DeviceType type = heartbeat.getDeviceType();
		return (type != null) ? type.ordinal() : UNKNOWN;
	}

}
