package dev.playback.royalty.access;

import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import dev.playback.royalty.RoyaltyProperties;

/**
 * Who is calling, from {@code Authorization: Bearer <key>}: the operator (the key in
 * {@code OPERATOR_API_KEY}) or a license holder (a key made for it by the operator).
 */
@Component
public class Caller {

	private final JdbcClient jdbc;

	private final String operatorKeyHash;

	Caller(JdbcClient jdbc, RoyaltyProperties properties) {
		this.jdbc = jdbc;
		this.operatorKeyHash = (properties.operatorKey() != null && !properties.operatorKey().isBlank())
				? ApiKeys.hash(properties.operatorKey()) : null;
	}

	/** Fails with 401 unless the operator's key was sent. */
	public void requireOperator(String authorization) {
		String key = bearer(authorization);
		if (this.operatorKeyHash == null || key == null || !ApiKeys.sameHash(ApiKeys.hash(key), this.operatorKeyHash)) {
			throw unauthorized("This needs the operator's key");
		}
	}

	/**
	 * Fails with 401 without a valid key, and with 404 when a holder's key asks for
	 * another holder (whose existence it must not learn) or the operator's key for a
	 * holder that does not exist.
	 */
	public void requireHolderOrOperator(String authorization, String holderId) {
		String key = bearer(authorization);
		if (key == null) {
			throw unauthorized("This needs a license holder's key or the operator's key");
		}
		String hash = ApiKeys.hash(key);
		if (this.operatorKeyHash != null && ApiKeys.sameHash(hash, this.operatorKeyHash)) {
			requireHolder(holderId);
			return;
		}
		Optional<String> holder = this.jdbc.sql("SELECT holder_id FROM license_holders WHERE api_key_hash = :hash")
			.param("hash", hash)
			.query(String.class)
			.optional();
		if (holder.isEmpty()) {
			throw unauthorized("Unknown key");
		}
		if (!holder.get().equals(holderId)) {
			throw NotFound.licenseHolder(holderId);
		}
	}

	/** Fails with 404 unless the license holder exists. */
	public void requireHolder(String holderId) {
		if (this.jdbc.sql("SELECT COUNT(*) FROM license_holders WHERE holder_id = :id")
			.param("id", holderId)
			.query(Long.class)
			.single() == 0) {
			throw NotFound.licenseHolder(holderId);
		}
	}

	private static String bearer(String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		String key = authorization.substring(7).trim();
		return key.isEmpty() ? null : key;
	}

	private static ErrorResponseException unauthorized(String detail) {
		ErrorResponseException ex = new ErrorResponseException(HttpStatus.UNAUTHORIZED);
		ex.getBody().setTitle("Unauthorized");
		ex.getBody().setDetail(detail);
		ex.getHeaders().set("WWW-Authenticate", "Bearer");
		return ex;
	}

}
