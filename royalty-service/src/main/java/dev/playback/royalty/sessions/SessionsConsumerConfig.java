package dev.playback.royalty.sessions;

import dev.playback.royalty.RoyaltyProperties;
import dev.playback.schemas.Topics;
import dev.playback.sessions.consumer.SessionConsumerConfig;

import org.springframework.context.annotation.Configuration;

/** royalty-service reads the sessions topic with its own dead-letter topic. */
@Configuration(proxyBeanMethods = false)
class SessionsConsumerConfig extends SessionConsumerConfig {

	SessionsConsumerConfig(RoyaltyProperties properties) {
		super(Topics.ROYALTY_SESSIONS_DEAD_LETTER, properties.schemaRegistryUrl().toString(), properties.createTopics(),
				properties.topicReplicas());
	}

}
