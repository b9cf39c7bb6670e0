package dev.playback.sessions.consumer;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.playback.schemas.ViewingSession;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AppliedSessionsTest {

	@Test
	void appliedBatchesAreCountedWithTheDelayFromTheAggregatorsWrite() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		Instant now = Instant.parse("2026-11-02T00:01:05Z");
		AppliedSessionMetrics applied = new AppliedSessionMetrics(registry, Clock.fixed(now, ZoneOffset.UTC));
		applied.record(List.of(written(now.minusMillis(300), "a"), written(now.minusSeconds(2), "b")));
		assertThat(registry.get("sessions.applied").counter().count()).isEqualTo(2);
		assertThat(registry.get("sessions.applied.delay").timer().max(TimeUnit.MILLISECONDS)).isEqualTo(2_000);
		assertThat(registry.get("sessions.applied.delay").timer().count()).isEqualTo(2);
	}

	private static ConsumerRecord<String, ViewingSession> written(Instant at, String id) {
		return new ConsumerRecord<>("t", 0, 0, at.toEpochMilli(), TimestampType.CREATE_TIME, 0, 0, id,
				Sessions.valid(id), new RecordHeaders(), Optional.empty());
	}

}
