package dev.playback.royalty.access;

import dev.playback.reports.access.TenantKeys;
import dev.playback.royalty.RoyaltyProperties;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who is calling royalty-service: the operator (the key in {@code OPERATOR_API_KEY}) or a
 * license holder (a key made for it by the operator).
 */
@Component
public class Caller extends TenantKeys {

	Caller(JdbcClient jdbc, RoyaltyProperties properties) {
		super(jdbc, properties.operatorKey(), new Tenants("license_holders", "holder_id", "license holder"));
	}

}
