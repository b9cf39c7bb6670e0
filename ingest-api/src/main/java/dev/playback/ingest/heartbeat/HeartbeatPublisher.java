package dev.playback.ingest.heartbeat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.playback.ingest.IngestProperties;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import org.springframework.stereotype.Component;

/**
 * Writes a request's heartbeats to Kafka keyed by userId, so that a viewer's events stay
 * in order on one partition, and completes once every one of them is acknowledged
 * (acks=all, idempotent producer) or fails when that does not happen within the publish
 * timeout.
 */
@Component
class HeartbeatPublisher {

	private final Producer<String, Heartbeat> producer;

	private final long timeoutMillis;

	private final Timer latency;

	/** Whether a heartbeat was written: the serializer then knows its schema's id. */
	private volatile boolean written;

	HeartbeatPublisher(Producer<String, Heartbeat> producer, IngestProperties properties, MeterRegistry meters) {
		this.producer = producer;
		this.timeoutMillis = properties.publishTimeout().toMillis();
		this.latency = Timer.builder("heartbeats.publish.latency")
			.description("Time from handing a request's events to the producer to the broker's last acknowledgement")
			.publishPercentileHistogram()
			.register(meters);
	}

	CompletableFuture<Integer> publish(List<Heartbeat> heartbeats) {
		long started = System.nanoTime();
		Acknowledgements acks = new Acknowledgements(heartbeats.size());
		try {
			for (Heartbeat heartbeat : heartbeats) {
				this.producer.send(new ProducerRecord<>(Topics.HEARTBEATS, heartbeat.getUserId(), heartbeat), acks);
			}
		}
		catch (RuntimeException ex) {
			// the producer could not even take the record (e.g. no metadata within
			// max.block.ms); records it took before are written but not answered 202,
			// and the player's retry is de-duplicated downstream by playbackId + seq
			return CompletableFuture.failedFuture(new PublishUnavailableException(ex));
		}
		return acks.whenAll.orTimeout(this.timeoutMillis, TimeUnit.MILLISECONDS).handle((count, failure) -> {
			if (failure != null) {
				throw new PublishUnavailableException(failure);
			}
			this.latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
			this.written = true;
			return count;
		});
	}

	/**
	 * Whether a heartbeat was written since start: from then on the registry is not
	 * needed to write more (the schema's id is cached).
	 */
	boolean hasWritten() {
		return this.written;
	}

	/**
	 * Completes once every record of a request is acknowledged, or at the first failure.
	 */
	private static final class Acknowledgements implements Callback {

		private final CompletableFuture<Integer> whenAll = new CompletableFuture<>();

		private final int total;

		private final AtomicInteger pending;

		Acknowledgements(int total) {
			this.total = total;
			this.pending = new AtomicInteger(total);
		}

		@Override
		public void onCompletion(RecordMetadata metadata, Exception failure) {
			if (failure != null) {
				this.whenAll.completeExceptionally(failure);
			}
			else if (this.pending.decrementAndGet() == 0) {
				this.whenAll.complete(this.total);
			}
		}

	}

}
