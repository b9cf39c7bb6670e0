package dev.playback.ingest;

import java.time.Clock;
import java.util.Map;

import dev.playback.schemas.AvroSerdes;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.Topics;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

@Configuration(proxyBeanMethods = false)
class KafkaConfig {

	@Bean
	KafkaTemplate<String, Heartbeat> heartbeatTemplate(KafkaProperties kafka, IngestProperties properties) {
		Map<String, Object> config = kafka.buildProducerProperties();
		// the factory configures the serializers with these settings
		config.putAll(AvroSerdes.serializerConfig(properties.schemaRegistryUrl().toString()));
		return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config, new StringSerializer(),
				new AvroKafkaSerializer<Heartbeat>()));
	}

	@Bean
	@ConditionalOnProperty(name = "playback.ingest.create-topics", havingValue = "true", matchIfMissing = true)
	NewTopic heartbeatsTopic(IngestProperties properties) {
		return Topics.spec(Topics.HEARTBEATS).toNewTopic(properties.topicReplicas());
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
