package dev.playback.schemas;

import java.util.HashMap;
import java.util.Map;

import io.apicurio.registry.resolver.config.SchemaResolverConfig;
import io.apicurio.registry.serde.Default4ByteIdHandler;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.IdOption;
import io.apicurio.registry.serde.config.SerdeConfig;
import io.apicurio.registry.serde.kafka.config.KafkaSerdeConfig;
import io.apicurio.registry.serde.strategy.TopicIdStrategy;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one Kafka serde configuration every service uses: Avro through a schema registry
 * over HTTP, in the Confluent wire format (magic byte 0, the 4-byte content id, then the
 * Avro binary) with subjects named {@code <topic>-value}, so that ksqlDB, Kafka Connect
 * or any Confluent-compatible client can read our topics through the registry's ccompat
 * API.
 */
public final class AvroSerdes {

	private AvroSerdes() {
	}

	/**
	 * Settings shared by serializers and deserializers.
	 * @param registryApiUrl the registry's native v3 API, e.g.
	 * {@code http://registry:8080/apis/registry/v3}
	 */
	public static Map<String, Object> commonConfig(String registryApiUrl) {
		Map<String, Object> config = new HashMap<>();
		config.put(SerdeConfig.REGISTRY_URL, registryApiUrl);
		// the schema id travels in the payload, never in headers: the Confluent wire
		// format
		config.put(KafkaSerdeConfig.ENABLE_HEADERS, false);
		config.put(SerdeConfig.ID_HANDLER, Default4ByteIdHandler.class.getName());
		config.put(SerdeConfig.USE_ID, IdOption.contentId.name());
		config.put(SerdeConfig.ARTIFACT_RESOLVER_STRATEGY, TopicIdStrategy.class.getName());
		config.put(AvroSerdeConfig.AVRO_DATUM_PROVIDER, CachingAvroDatumProvider.class.getName());
		// the registry client over java.net.http rather than Vert.x (the default when
		// both
		// are on the classpath): one of our CI runs hung for minutes in the Vert.x
		// adapter's untimed wait for an answer the registry had long given
		config.put(SchemaResolverConfig.HTTP_ADAPTER, "JDK");
		return config;
	}

	/** Producer side: registers a schema the registry does not know yet. */
	public static Map<String, Object> serializerConfig(String registryApiUrl) {
		Map<String, Object> config = commonConfig(registryApiUrl);
		config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
		config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT_IF_EXISTS, "FIND_OR_CREATE_VERSION");
		return config;
	}

	/**
	 * Consumer side: reads into the generated classes, resolving the writer's schema by
	 * id.
	 */
	public static Map<String, Object> deserializerConfig(String registryApiUrl) {
		Map<String, Object> config = commonConfig(registryApiUrl);
		config.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
		return config;
	}

	/**
	 * A producer of string keys and Avro values in this wire format. The serializer is
	 * configured here: a producer does not configure serializer instances it is handed.
	 * @param registryApiUrl the registry's native v3 API
	 * @param config the producer's other settings (bootstrap servers, tuning)
	 */
	public static <T extends SpecificRecord> KafkaProducer<String, T> producer(String registryApiUrl,
			Map<String, Object> config) {
		Map<String, Object> all = new HashMap<>(config);
		all.putAll(serializerConfig(registryApiUrl));
		return new KafkaProducer<>(all, new StringSerializer(), registrySerializer(all));
	}

	/**
	 * The heartbeat producer of ingest-api: as {@link #producer}, with the heartbeat
	 * written field by field after the header the registry serializer resolved (same
	 * bytes, less CPU; see {@link HeartbeatSerializer}).
	 * @param registryApiUrl the registry's native v3 API
	 * @param config the producer's other settings (bootstrap servers, tuning)
	 */
	public static KafkaProducer<String, Heartbeat> heartbeatProducer(String registryApiUrl,
			Map<String, Object> config) {
		return heartbeatProducer(config, heartbeatSerializer(registryApiUrl));
	}

	/**
	 * As {@link #heartbeatProducer(String, Map)}, with a serializer the caller holds too
	 * (to learn the schema's id before the first send, see {@link #heartbeatSerializer}).
	 * The producer closes it.
	 */
	public static KafkaProducer<String, Heartbeat> heartbeatProducer(Map<String, Object> config,
			HeartbeatSerializer serializer) {
		return new KafkaProducer<>(config, new StringSerializer(), serializer);
	}

	/**
	 * The heartbeat serializer: the registry serializer's header, the heartbeat written
	 * field by field. Its first use asks the registry for the schema's id (and waits for
	 * it: the registry client has no timeout of its own), every later one uses the cached
	 * id.
	 */
	public static HeartbeatSerializer heartbeatSerializer(String registryApiUrl) {
		return new HeartbeatSerializer(registrySerializer(serializerConfig(registryApiUrl)));
	}

	/**
	 * A configured value serde for Kafka Streams that writes records of any of our
	 * schemas: heartbeats and sessions through their direct serializers (the same bytes
	 * as the registry serializer, less CPU; see {@link DirectAvroSerializer}), anything
	 * else through the registry serializer.
	 */
	public static Serde<SpecificRecord> recordSerde(String registryApiUrl) {
		Serializer<SpecificRecord> registered = registrySerializer(serializerConfig(registryApiUrl));
		HeartbeatSerializer heartbeats = new HeartbeatSerializer(registered::serialize);
		ViewingSessionSerializer sessions = new ViewingSessionSerializer(registered::serialize);
		Serializer<SpecificRecord> serializer = new Serializer<>() {

			@Override
			public byte[] serialize(String topic, SpecificRecord record) {
				if (record instanceof ViewingSession session) {
					return sessions.serialize(topic, session);
				}
				if (record instanceof Heartbeat heartbeat) {
					return heartbeats.serialize(topic, heartbeat);
				}
				return registered.serialize(topic, record);
			}

			@Override
			public void close() {
				registered.close();
			}

		};
		return Serdes.serdeFrom(serializer, registryDeserializer(registryApiUrl));
	}

	/**
	 * A configured heartbeat serde for Kafka Streams whose deserializer reads records of
	 * the reader's own schema field by field (the same records, less CPU; see
	 * {@link HeartbeatDeserializer}) and any other through the registry deserializer.
	 */
	public static Serde<Heartbeat> heartbeatSerde(String registryApiUrl) {
		AvroKafkaDeserializer<Heartbeat> registered = registryDeserializer(registryApiUrl);
		return Serdes.serdeFrom(registrySerializer(serializerConfig(registryApiUrl)), new HeartbeatDeserializer(
				registered, HeartbeatDeserializer.SchemaLookup.of(registered.getSchemaResolver())));
	}

	/** A configured value serde for Kafka Streams. */
	public static <T extends SpecificRecord> Serde<T> valueSerde(String registryApiUrl) {
		return Serdes.serdeFrom(registrySerializer(serializerConfig(registryApiUrl)),
				registryDeserializer(registryApiUrl));
	}

	private static <T extends SpecificRecord> Serializer<T> registrySerializer(Map<String, Object> config) {
		AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>();
		serializer.configure(config, false);
		return serializer;
	}

	private static <T extends SpecificRecord> AvroKafkaDeserializer<T> registryDeserializer(String registryApiUrl) {
		AvroKafkaDeserializer<T> deserializer = new AvroKafkaDeserializer<>();
		deserializer.configure(deserializerConfig(registryApiUrl), false);
		return deserializer;
	}

}
