package dev.playback.aggregator;

import java.net.URI;
import java.time.Duration;

import dev.playback.aggregator.session.SessionSettings;
import jakarta.validation.Valid;
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
 * @param sessions the session clocks and retention
 */
@Validated
@ConfigurationProperties("playback.aggregator")
public record AggregatorProperties(@NotNull URI schemaRegistryUrl, @DefaultValue("true") boolean createTopics,
		@Min(1) @DefaultValue("1") int topicReplicas, @Valid @DefaultValue Sessions sessions) {

	/**
	 * The session clocks: the contract's values by default (see docs/contract.md section
	 * 2), and how long state is kept.
	 *
	 * @param reorderWindow events behind a seq gap wait this long for it to fill
	 * @param stopGrace a session closes this long after its STOP
	 * @param inactivity a session closes after this long without an event
	 * @param revisionWindow late events within this long of a closed session's last event
	 * revise it; later ones go to the late topic
	 * @param emitInterval at most one emission per session per interval
	 * @param forgetAfter a playback whose sessions are all final is remembered this long
	 * @param historyRetention final sessions stay in a user's history this long
	 */
	public record Sessions(@NotNull @DefaultValue("2s") Duration reorderWindow,
			@NotNull @DefaultValue("60s") Duration stopGrace, @NotNull @DefaultValue("30m") Duration inactivity,
			@NotNull @DefaultValue("6h") Duration revisionWindow, @NotNull @DefaultValue("1s") Duration emitInterval,
			@NotNull @DefaultValue("7d") Duration forgetAfter,
			@NotNull @DefaultValue("90d") Duration historyRetention) {

		SessionSettings settings() {
			return new SessionSettings(this.reorderWindow, this.stopGrace, this.inactivity, this.revisionWindow,
					this.emitInterval, this.forgetAfter, this.historyRetention);
		}

	}

}
