package dev.playback.schemas;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;

/**
 * Apicurio's datum provider computes a schema fingerprint (a walk over the whole schema)
 * for every record it writes or reads, which showed up as the largest single cost of
 * serializing a heartbeat. The schema objects it is handed are the same few instances
 * every time (the generated classes' schemas, the resolver's cached ones), so readers and
 * writers are cached here by schema identity first. Bounded: a flood of distinct schema
 * objects clears the cache.
 */
public class CachingAvroDatumProvider<T> extends DefaultAvroDatumProvider<T> {

	private static final int MAX_ENTRIES = 256;

	private final Map<IdentityKey, DatumWriter<T>> writers = new ConcurrentHashMap<>();

	private final Map<IdentityKey, DatumReader<T>> readers = new ConcurrentHashMap<>();

	@Override
	public DatumWriter<T> createDatumWriter(T data, Schema schema) {
		IdentityKey key = new IdentityKey(schema, (data != null) ? data.getClass() : null);
		DatumWriter<T> writer = this.writers.get(key);
		if (writer == null) {
			writer = super.createDatumWriter(data, schema);
			bound(this.writers).put(key, writer);
		}
		return writer;
	}

	@Override
	public DatumReader<T> createDatumReader(Schema schema) {
		IdentityKey key = new IdentityKey(schema, null);
		DatumReader<T> reader = this.readers.get(key);
		if (reader == null) {
			reader = super.createDatumReader(schema);
			bound(this.readers).put(key, reader);
		}
		return reader;
	}

	private static <V> Map<IdentityKey, V> bound(Map<IdentityKey, V> cache) {
		if (cache.size() >= MAX_ENTRIES) {
			cache.clear();
		}
		return cache;
	}

	/**
	 * A schema instance (by identity, not by content) and the record class written with
	 * it.
	 */
	private record IdentityKey(Schema schema, Class<?> type) {

		@Override
		public boolean equals(Object other) {
			return other instanceof IdentityKey key && key.schema == this.schema && key.type == this.type;
		}

		@Override
		public int hashCode() {
			return 31 * System.identityHashCode(this.schema) + System.identityHashCode(this.type);
		}

	}

}
