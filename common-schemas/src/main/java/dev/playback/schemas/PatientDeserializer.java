package dev.playback.schemas;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The registry deserializer, made to wait for the registry: the first record of each
 * schema content id has its schema looked up first through a {@link PatientSchemaLookup}
 * (attempts bounded to 5 s, a registry that is away or hangs waited for, logged), which
 * fills the resolver's cache the registry deserializer then reads from. So a valid record
 * is never dead-lettered because the registry was away when its id was new to this
 * instance; a registry that answers it has no such id leaves the record to the registry
 * deserializer, which reports it (dead letter). What the report services read sessions
 * with.
 *
 * @param <T> the records' class
 */
public final class PatientDeserializer<T> implements Deserializer<T> {

	private final Deserializer<T> registered;

	private volatile HeartbeatDeserializer.SchemaLookup schemas;

	private final Set<Integer> looked = ConcurrentHashMap.newKeySet();

	/** Around a registry deserializer, configured with it. */
	public PatientDeserializer(AvroKafkaDeserializer<T> registered) {
		this.registered = registered;
	}

	/** Around any deserializer, with the lookup to wait on (tests). */
	PatientDeserializer(Deserializer<T> registered, HeartbeatDeserializer.SchemaLookup schemas) {
		this.registered = registered;
		this.schemas = schemas;
	}

	@Override
	public void configure(Map<String, ?> configs, boolean isKey) {
		this.registered.configure(configs, isKey);
		if (this.schemas == null && this.registered instanceof AvroKafkaDeserializer<T> avro) {
			this.schemas = HeartbeatDeserializer.SchemaLookup.of(avro.getSchemaResolver());
		}
	}

	@Override
	public T deserialize(String topic, byte[] data) {
		awaitSchema(data);
		return this.registered.deserialize(topic, data);
	}

	@Override
	public T deserialize(String topic, Headers headers, byte[] data) {
		awaitSchema(data);
		return this.registered.deserialize(topic, headers, data);
	}

	private void awaitSchema(byte[] data) {
		if (!HeartbeatDeserializer.isFramed(data)) {
			return;
		}
		int contentId = HeartbeatDeserializer.contentId(data);
		if (!this.looked.contains(contentId)) {
			// waits while the registry is away; null (no such id) is the registry
			// deserializer's to report
			this.schemas.schema(contentId & 0xffffffffL);
			this.looked.add(contentId);
		}
	}

	@Override
	public void close() {
		this.registered.close();
	}

}
