package dev.playback.sessions.consumer;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import dev.playback.schemas.ViewingSession;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a report service has applied, as metrics: {@code sessions.applied} (revisions in
 * committed batches) and {@code sessions.applied.delay} (from a revision's last event to
 * its batch's commit: how fresh statements and reports are).
 */
public final class AppliedSessionMetrics {

	private final Counter applied;

	private final Timer delay;

	private final Clock clock;

	public AppliedSessionMetrics(MeterRegistry registry, Clock clock) {
		this.applied = Counter.builder("sessions.applied")
			.description("Session records in applied batches")
			.register(registry);
		this.delay = Timer.builder("sessions.applied.delay")
			.description("From the aggregator's write of a session revision to the commit of its batch")
			.publishPercentileHistogram()
			.maximumExpectedValue(Duration.ofHours(1))
			.register(registry);
		this.clock = clock;
	}

	/** Records a batch the listener has applied. */
	public void record(List<ConsumerRecord<String, ViewingSession>> records) {
		long now = this.clock.millis();
		this.applied.increment(records.size());
		for (ConsumerRecord<String, ViewingSession> record : records) {
			this.delay.record(Duration.ofMillis(Math.max(0, now - record.timestamp())));
		}
	}

}
