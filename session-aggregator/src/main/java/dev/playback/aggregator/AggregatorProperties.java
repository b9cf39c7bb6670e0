package dev.playback.aggregator;

import java.net.URI;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the session aggregator runs.
 *
 * @param schemaRegistryUrl the registry's native v3 API
 * @param createTopics whether to create the topics it reads and writes when missing
 * (local stack; Strimzi owns topics in production)
 * @param topicReplicas replication factor of topics this service creates
 */
@Validated
@ConfigurationProperties("playback.aggregator")
public record AggregatorProperties(@NotNull URI schemaRegistryUrl, @DefaultValue("true") boolean createTopics,
		@Min(1) @DefaultValue("1") int topicReplicas) {
}
