package dev.playback.royalty.usage;

import java.time.Clock;

import dev.playback.royalty.RoyaltyProperties;
import dev.playback.schemas.Topics;
import dev.playback.schemas.ViewingSession;
import dev.playback.sessions.consumer.AppliedSessions;
import dev.playback.sessions.consumer.SessionListenerFactory;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
class SessionsConsumerConfig {

	@Bean
	ConcurrentKafkaListenerContainerFactory<String, ViewingSession> sessionListenerFactory(KafkaProperties kafka,
			RoyaltyProperties properties, MeterRegistry meters) {
		return SessionListenerFactory.create(kafka, properties.schemaRegistryUrl().toString(),
				Topics.ROYALTY_SESSIONS_DEAD_LETTER, meters);
	}

	@Bean
	AppliedSessions appliedSessions(MeterRegistry meters) {
		return new AppliedSessions(meters, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnProperty(name = "playback.royalty.create-topics", havingValue = "true", matchIfMissing = true)
	KafkaAdmin.NewTopics sessionTopics(RoyaltyProperties properties) {
		return SessionListenerFactory.topics(Topics.ROYALTY_SESSIONS_DEAD_LETTER, properties.topicReplicas());
	}

}
