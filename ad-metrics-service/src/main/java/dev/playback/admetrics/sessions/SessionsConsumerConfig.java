package dev.playback.admetrics.sessions;

import dev.playback.admetrics.AdMetricsProperties;
import dev.playback.schemas.Topics;
import dev.playback.sessions.consumer.SessionConsumerConfig;

import org.springframework.context.annotation.Configuration;

/** ad-metrics-service reads the sessions topic with its own dead-letter topic. */
@Configuration(proxyBeanMethods = false)
class SessionsConsumerConfig extends SessionConsumerConfig {

	SessionsConsumerConfig(AdMetricsProperties properties) {
		super(Topics.AD_METRICS_SESSIONS_DEAD_LETTER, properties.schemaRegistryUrl().toString(),
				properties.createTopics(), properties.topicReplicas());
	}

}
