package dev.playback.ingest.heartbeat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import dev.playback.ingest.IngestProperties;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.HeartbeatSerializer;
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

	private final HeartbeatSerializer serializer;

	private final long timeoutMillis;

	private final Timer latency;

	/** Whether the serializer knows the schema's id: writing then needs no registry. */
	private volatile boolean schemaIdKnown;

	/** The lookup of the schema's id under way, or the last one. */
	private final AtomicReference<CompletableFuture<Void>> lookup = new AtomicReference<>();

	HeartbeatPublisher(Producer<String, Heartbeat> producer, HeartbeatSerializer serializer,
			IngestProperties properties, MeterRegistry meters) {
		this.producer = producer;
		this.serializer = serializer;
		this.timeoutMillis = properties.publishTimeout().toMillis();
		this.latency = Timer.builder("heartbeats.publish.latency")
			.description("Time from handing a request's events to the producer to the broker's last acknowledgement")
			.publishPercentileHistogram()
			.register(meters);
	}

	CompletableFuture<Integer> publish(List<Heartbeat> heartbeats) {
		if (this.schemaIdKnown) {
			return send(heartbeats);
		}
		// the registry client has no timeout: a registry that hangs would hold the
		// thread of every request that serializes. So the id is looked up once, on a
		// thread of its own, and requests wait for it no longer than the publish timeout
		return schemaIdLookup(heartbeats.get(0)).thenApply(Function.identity())
			.orTimeout(this.timeoutMillis, TimeUnit.MILLISECONDS)
			.handle((ignored, failure) -> {
				if (failure != null) {
					throw new PublishUnavailableException(failure);
				}
				return null;
			})
			.thenCompose((ignored) -> send(heartbeats));
	}

	private CompletableFuture<Void> schemaIdLookup(Heartbeat sample) {
		while (true) {
			CompletableFuture<Void> current = this.lookup.get();
			if (current != null && !current.isCompletedExceptionally()) {
				return current;
			}
			CompletableFuture<Void> next = new CompletableFuture<>();
			if (this.lookup.compareAndSet(current, next)) {
				Thread thread = new Thread(() -> {
					try {
						this.serializer.serialize(Topics.HEARTBEATS, sample);
						this.schemaIdKnown = true;
						next.complete(null);
					}
					catch (RuntimeException ex) {
						next.completeExceptionally(ex);
					}
				}, "heartbeat-schema-id-lookup");
				thread.setDaemon(true);
				thread.start();
				return next;
			}
		}
	}

	private CompletableFuture<Integer> send(List<Heartbeat> heartbeats) {
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
			return count;
		});
	}

	/**
	 * Whether the heartbeat schema's id is known (cached by the serializer): from then on
	 * the registry is not needed to write.
	 */
	boolean knowsSchemaId() {
		return this.schemaIdKnown;
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
