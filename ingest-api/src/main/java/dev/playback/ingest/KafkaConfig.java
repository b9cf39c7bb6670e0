package dev.playback.ingest;

import java.time.Clock;

import dev.playback.schemas.AvroSerdes;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.HeartbeatSerializer;
import dev.playback.schemas.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class KafkaConfig {

	/**
	 * One producer for all requests, thread-safe; used directly rather than through a
	 * {@code KafkaTemplate}, whose per-record futures and listener calls cost CPU on the
	 * hottest path of the suite.
	 */
	@Bean(destroyMethod = "close")
	Producer<String, Heartbeat> heartbeatProducer(KafkaProperties kafka, HeartbeatSerializer heartbeatSerializer) {
		return AvroSerdes.heartbeatProducer(kafka.buildProducerProperties(), heartbeatSerializer);
	}

	/** The producer's serializer, which the publisher uses to learn the schema's id. */
	@Bean(destroyMethod = "") // the producer closes it
	HeartbeatSerializer heartbeatSerializer(IngestProperties properties) {
		return AvroSerdes.heartbeatSerializer(properties.schemaRegistryUrl().toString());
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
