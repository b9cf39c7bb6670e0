package dev.playback.admetrics.access;

import dev.playback.admetrics.AdMetricsProperties;
import dev.playback.reports.access.TenantKeys;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who is calling ad-metrics-service: the operator (the key in {@code OPERATOR_API_KEY})
 * or an advertiser (a key made for it by the operator).
 */
@Component
public class AdCaller extends TenantKeys {

	AdCaller(JdbcClient jdbc, AdMetricsProperties properties) {
		super(jdbc, properties.operatorKey(), new Tenants("advertisers", "advertiser_id", "advertiser"));
	}

}
