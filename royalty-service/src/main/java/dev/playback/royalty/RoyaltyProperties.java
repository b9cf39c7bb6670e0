package dev.playback.royalty;

import java.net.URI;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How royalty-service reads sessions.
 *
 * @param schemaRegistryUrl the registry's native v3 API
 * @param createTopics whether to create its dead-letter topic when missing (local stack;
 * Strimzi owns topics in production)
 * @param topicReplicas replication factor of topics this service creates
 * @param operatorKey the operator's API key for the admin endpoints (from the environment
 * or a Kubernetes Secret); without one, admin endpoints answer 401
 * @param finalizeAfterDays a month's statements close as FINAL on their own this many
 * days after the month ends (the operator may close them earlier)
 * @param finalizeCheckInterval how often to look for months due to close
 */
@Validated
@ConfigurationProperties("playback.royalty")
public record RoyaltyProperties(@NotNull URI schemaRegistryUrl, @DefaultValue("true") boolean createTopics,
		@Min(1) @DefaultValue("1") int topicReplicas, String operatorKey,
		@Min(0) @DefaultValue("15") int finalizeAfterDays,
		@NotNull @DefaultValue("1h") java.time.Duration finalizeCheckInterval) {
}
