package dev.playback.sessions.consumer;

import java.time.Clock;

import dev.playback.schemas.ViewingSession;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * What a report service needs to read the sessions topic, in one place: the listener
 * container factory ({@link SessionListenerFactory}), the applied-sessions metrics, and
 * its dead-letter topic when the service creates its topics. A service's configuration
 * extends it with its own dead-letter topic and settings.
 */
public abstract class SessionConsumerConfig {

	private final String deadLetterTopic;

	private final String schemaRegistryUrl;

	private final boolean createTopics;

	private final int topicReplicas;

	/**
	 * @param deadLetterTopic where the service puts the records it cannot apply
	 * @param schemaRegistryUrl the registry's native API
	 * @param createTopics whether the service creates its dead-letter topic when missing
	 * @param topicReplicas the replication factor of a topic it creates
	 */
	protected SessionConsumerConfig(String deadLetterTopic, String schemaRegistryUrl, boolean createTopics,
			int topicReplicas) {
		this.deadLetterTopic = deadLetterTopic;
		this.schemaRegistryUrl = schemaRegistryUrl;
		this.createTopics = createTopics;
		this.topicReplicas = topicReplicas;
	}

	@Bean
	ConcurrentKafkaListenerContainerFactory<String, ViewingSession> sessionListenerFactory(KafkaProperties kafka,
			MeterRegistry meters) {
		return SessionListenerFactory.create(kafka, this.schemaRegistryUrl, this.deadLetterTopic, meters);
	}

	@Bean
	AppliedSessionMetrics appliedSessions(MeterRegistry meters) {
		return new AppliedSessionMetrics(meters, Clock.systemUTC());
	}

	@Bean
	KafkaAdmin.NewTopics sessionTopics() {
		return this.createTopics ? SessionListenerFactory.topics(this.deadLetterTopic, this.topicReplicas)
				: new KafkaAdmin.NewTopics();
	}

}
