package dev.playback.portal;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the portal finds the suite, and how long it waits for it.
 *
 * @param royaltyUrl royalty-service (statements, usage, the holders' catalog)
 * @param adMetricsUrl ad-metrics-service (reports, campaigns, the advertisers' catalog)
 * @param ingestUrl ingest-api, for its health on the operator's page
 * @param aggregatorUrl session-aggregator, for its health on the operator's page
 * @param grafanaUrl the operators' Grafana, linked from their page; none by default
 * @param timeout how long a call to a service may take before the page says it is down
 */
@Validated
@ConfigurationProperties("playback.portal")
public record PortalProperties(@NotNull @DefaultValue("http://localhost:8083") URI royaltyUrl,
		@NotNull @DefaultValue("http://localhost:8084") URI adMetricsUrl,
		@NotNull @DefaultValue("http://localhost:8081") URI ingestUrl,
		@NotNull @DefaultValue("http://localhost:8082") URI aggregatorUrl, URI grafanaUrl,
		@NotNull @DefaultValue("10s") Duration timeout) {
}
