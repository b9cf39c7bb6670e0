package dev.playback.ingest.heartbeat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.playback.ingest.IngestProperties;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes a request's heartbeats to Kafka keyed by userId, so that a viewer's events stay
 * in order on one partition, and completes once every one of them is acknowledged
 * (acks=all, idempotent producer) or fails when that does not happen within the publish
 * timeout.
 */
@Component
class HeartbeatPublisher {

	private final KafkaTemplate<String, Heartbeat> template;

	private final long timeoutMillis;

	private final Timer latency;

	HeartbeatPublisher(KafkaTemplate<String, Heartbeat> template, IngestProperties properties, MeterRegistry meters) {
		this.template = template;
		this.timeoutMillis = properties.publishTimeout().toMillis();
		this.latency = Timer.builder("heartbeats.publish.latency")
			.description("Time from handing a request's events to the producer to the broker's last acknowledgement")
			.publishPercentileHistogram()
			.register(meters);
	}

	CompletableFuture<Integer> publish(List<Heartbeat> heartbeats) {
		Timer.Sample sample = Timer.start();
		CompletableFuture<?>[] acks = new CompletableFuture<?>[heartbeats.size()];
		try {
			for (int i = 0; i < acks.length; i++) {
				Heartbeat heartbeat = heartbeats.get(i);
				acks[i] = this.template.send(Topics.HEARTBEATS, heartbeat.getUserId(), heartbeat);
			}
		}
		catch (RuntimeException ex) {
			// the producer could not even take the record (e.g. no metadata within
			// max.block.ms)
			return CompletableFuture.failedFuture(new PublishUnavailableException(ex));
		}
		return CompletableFuture.allOf(acks)
			.orTimeout(this.timeoutMillis, TimeUnit.MILLISECONDS)
			.handle((ignored, failure) -> {
				if (failure != null) {
					throw new PublishUnavailableException(failure);
				}
				sample.stop(this.latency);
				return heartbeats.size();
			});
	}

}
