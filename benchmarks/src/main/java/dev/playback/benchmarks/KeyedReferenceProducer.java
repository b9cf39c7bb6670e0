package dev.playback.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import dev.playback.schemas.AvroSerdes;
import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The batch path's reference: what a Kafka producer alone writes to the same broker, sent
 * the way ingest-api's batch benchmark sends. Unlike a fresh ProducerPerformance per
 * slice, it is one long-lived, warmed producer with ingest-api's producer settings; its
 * records are ingest's (the same Avro heartbeats in the registry's wire format,
 * serialized beforehand, keyed by user, {@code batch} consecutive records per user as one
 * request's events, cycling through the benchmark's {@value Wrk#USERS} users) to a topic
 * of the heartbeats topic's partitions; and it keeps as many records unacknowledged as
 * the benchmark's connections can ({@code window}: each connection waits for its
 * request's events). What ingest adds (HTTP, JSON, rules, serialization) is the
 * difference.
 */
final class KeyedReferenceProducer implements AutoCloseable {

	static final String TOPIC = "benchmark.keyed-reference";

	private static final int SENDERS = 2;

	private final KafkaProducer<String, byte[]> producer;

	private final String[] keys;

	private final byte[][] values;

	private final int batch;

	private final Semaphore window;

	private final int windowSize;

	private final AtomicLong acknowledged = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final List<Thread> senders = new ArrayList<>();

	private volatile boolean sending;

	private volatile boolean closed;

	KeyedReferenceProducer(String bootstrapServers, String registryApiUrl, List<String> producerSettings, int batch,
			int window) {
		Map<String, Object> config = new HashMap<>();
		for (String pair : producerSettings) {
			int equals = pair.indexOf('=');
			config.put(pair.substring(0, equals), pair.substring(equals + 1));
		}
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
		this.keys = new String[Wrk.USERS];
		this.values = new byte[Wrk.USERS][];
		try (Serde<Heartbeat> serde = AvroSerdes.valueSerde(registryApiUrl)) {
			for (int user = 0; user < Wrk.USERS; user++) {
				this.keys[user] = "bench-user-" + user;
				Heartbeat event = Heartbeat.newBuilder()
					.setEventId(UUID.randomUUID().toString())
					.setPlaybackId("bench-playback-bench-user-" + user)
					.setSeq(1)
					.setUserId(this.keys[user])
					.setVideoId("bench-video-1")
					.setType(EventType.HEARTBEAT)
					.setPositionMs(5000)
					.setEventTime(Instant.now())
					.setReceivedAt(Instant.now())
					.build();
				this.values[user] = serde.serializer().serialize(Topics.HEARTBEATS, event);
			}
		}
		this.batch = batch;
		this.windowSize = window;
		this.window = new Semaphore(window);
		for (int i = 0; i < SENDERS; i++) {
			int first = i;
			Thread sender = new Thread(() -> send(first), "keyed-reference-" + i);
			sender.setDaemon(true);
			sender.start();
			this.senders.add(sender);
		}
	}

	/** The Avro record size, as ProducerPerformance is given it. */
	int recordSize() {
		return this.values[0].length;
	}

	/**
	 * Sends for {@code slice} and answers the records acknowledged per second in it; then
	 * stops and waits for what is in flight, so that nothing of it falls into the next
	 * measurement.
	 */
	double measure(Duration slice) throws InterruptedException {
		long before = this.acknowledged.get();
		long started = System.nanoTime();
		this.sending = true;
		Thread.sleep(slice.toMillis());
		long acknowledged = this.acknowledged.get() - before;
		double seconds = (System.nanoTime() - started) / 1e9;
		this.sending = false;
		this.window.acquire(this.windowSize);
		this.window.release(this.windowSize);
		if (this.failed.get() > 0) {
			throw new IllegalStateException(this.failed.get() + " reference records failed");
		}
		return acknowledged / seconds;
	}

	private void send(int firstUser) {
		int user = firstUser;
		try {
			while (!this.closed) {
				if (!this.sending) {
					Thread.sleep(5);
					continue;
				}
				// one request's events: one user's, acknowledged together
				this.window.acquire(this.batch);
				for (int i = 0; i < this.batch; i++) {
					this.producer.send(new ProducerRecord<>(TOPIC, this.keys[user], this.values[user]),
							(metadata, failure) -> {
								if (failure != null) {
									this.failed.incrementAndGet();
								}
								else {
									this.acknowledged.incrementAndGet();
								}
								this.window.release();
							});
				}
				user = (user + SENDERS) % Wrk.USERS;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.closed = true;
		this.sending = false;
		for (Thread sender : this.senders) {
			try {
				sender.join(5_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.producer.close(Duration.ofSeconds(10));
	}

}
