package dev.playback.royalty;

import java.net.URI;
import java.time.Duration;
import java.time.Period;

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
 * @param retention how long sessions and the evidence frozen with statements are kept
 * (whole months, counted back from the current one); {@code P0D} keeps them for ever.
 * Statements and their lines are kept for ever.
 * @param retentionCheckInterval how often to delete what the retention no longer keeps
 */
@Validated
@ConfigurationProperties("playback.royalty")
public record RoyaltyProperties(@NotNull URI schemaRegistryUrl, @DefaultValue("true") boolean createTopics,
		@Min(1) @DefaultValue("1") int topicReplicas, String operatorKey,
		@Min(0) @DefaultValue("15") int finalizeAfterDays, @NotNull @DefaultValue("1h") Duration finalizeCheckInterval,
		@NotNull @DefaultValue("P3Y") Period retention, @NotNull @DefaultValue("6h") Duration retentionCheckInterval) {
}
