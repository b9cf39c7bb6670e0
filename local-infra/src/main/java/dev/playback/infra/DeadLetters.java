package dev.playback.infra;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reading a dead-letter topic, for tests. */
public final class DeadLetters {

	private DeadLetters() {
	}

	/**
	 * The dead letters with these keys, read from the start of the topic by a new group;
	 * those not there within 30 s are missing from the answer.
	 */
	public static Map<String, ConsumerRecord<String, byte[]>> read(String bootstrapServers, String topic,
			String... keys) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID(),
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		Map<String, ConsumerRecord<String, byte[]>> found = new HashMap<>();
		try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(topic));
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (found.size() < keys.length && System.nanoTime() < deadline) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(300))) {
					if (List.of(keys).contains(record.key())) {
						found.put(record.key(), record);
					}
				}
			}
		}
		return found;
	}

	/** A header's value as text. */
	public static String header(ConsumerRecord<String, byte[]> record, String name) {
		return new String(record.headers().lastHeader(name).value());
	}

}
