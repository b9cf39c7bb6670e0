package dev.playback.ingest;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.util.unit.DataSize;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;
import org.springframework.validation.annotation.Validated;

/**
 * How ingest-api accepts heartbeats.
 *
 * @param schemaRegistryUrl the registry's native v3 API
 * @param publishTimeout how long a request may wait for Kafka's acknowledgement before it
 * is answered 503
 * @param retryAfter what a 503 asks the player to wait
 * @param maxEventsPerRequest the largest batch
 * @param maxClockSkew how far ahead of the server's clock an eventTime may be
 * @param maxEventAge how old an eventTime may be
 * @param createTopics whether to create the heartbeats topic when missing (local stack;
 * Strimzi owns topics in production)
 * @param topicReplicas replication factor of topics this service creates
 * @param maxRequestSize the largest request body
 * @param bodyReadTimeout how long a client has to send a request's whole body (read
 * without holding a thread); 408 after it
 * @param benchmarkEndpointEnabled whether {@code POST /benchmark/accept-only} answers
 * (the HTTP ceiling the benchmark compares with; off in production)
 * @param rateLimitPerClient requests per second one client address may send sustainedly,
 * answered 429 beyond it; 0 turns the limit off (the default: the Helm chart sets it,
 * behind the ingress that supplies the client address)
 * @param rateLimitBurst requests a client may send at once above the sustained rate; 0
 * means twice the rate
 * @param allowedOrigins the web origins ({@code https://player.example.com}) whose pages
 * may post heartbeats and read the answers (CORS); {@code *} for any; none by default,
 * which refuses every cross-origin request
 * @param traffic how requests are classified as general invalid traffic
 */
@Validated
@ConfigurationProperties("playback.ingest")
public record IngestProperties(@NotNull URI schemaRegistryUrl, @NotNull @DefaultValue("5s") Duration publishTimeout,
		@NotNull @DefaultValue("1s") Duration retryAfter,
		@Min(1) @Max(500) @DefaultValue("500") int maxEventsPerRequest,
		@NotNull @DefaultValue("5m") Duration maxClockSkew, @NotNull @DefaultValue("7d") Duration maxEventAge,
		@DefaultValue("true") boolean createTopics, @Min(1) @DefaultValue("1") int topicReplicas,
		@NotNull @DefaultValue("1MB") DataSize maxRequestSize, @NotNull @DefaultValue("10s") Duration bodyReadTimeout,
		@DefaultValue("false") boolean benchmarkEndpointEnabled, @Min(0) @DefaultValue("0") int rateLimitPerClient,
		@Min(0) @DefaultValue("0") int rateLimitBurst, @NotNull @DefaultValue List<String> allowedOrigins,
		@NotNull @Valid @DefaultValue Traffic traffic) {

	/**
	 * General invalid traffic at receipt (docs/contract.md section 1).
	 *
	 * @param botAgents the list of declared bot, spider and non-browser User-Agent
	 * tokens, one per line (the one shipped with the service by default; see its header)
	 * @param datacenterRanges data-center address ranges in CIDR notation: requests from
	 * them are {@code GIVT_DATACENTER}; none by default
	 * @param datacenterRangesFile more ranges, one per line, for long lists; none by
	 * default
	 */
	public record Traffic(@NotNull @DefaultValue("classpath:traffic/bot-agents.txt") Resource botAgents,
			@NotNull @DefaultValue List<String> datacenterRanges, Resource datacenterRangesFile) {
	}

}
