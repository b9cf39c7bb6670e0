package dev.playback.admetrics;

import java.net.URI;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How ad-metrics-service reads sessions and who may call it.
 *
 * @param schemaRegistryUrl the registry's native v3 API
 * @param createTopics whether to create its dead-letter topic when missing (local stack;
 * Strimzi owns topics in production)
 * @param topicReplicas replication factor of topics this service creates
 * @param operatorKey the operator's API key for the admin endpoints (from
 * {@code OPERATOR_API_KEY}, a Secret); without one they answer 401
 */
@Validated
@ConfigurationProperties("playback.admetrics")
public record AdMetricsProperties(@NotNull URI schemaRegistryUrl, @DefaultValue("true") boolean createTopics,
		@Min(1) @DefaultValue("1") int topicReplicas, String operatorKey) {
}
