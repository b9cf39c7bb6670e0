package dev.playback.reports.access;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.playback.reports.web.ProblemResponse;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.ErrorResponseException;

/**
 * Who is calling, from {@code Authorization: Bearer <key>}: the operator (one key from
 * the environment) or a tenant (a license holder, an advertiser) whose key the operator
 * made. A tenant's key sees its own id only: another tenant's id answers 404, so a key
 * cannot learn which other tenants exist.
 */
public class TenantKeys {

	private final JdbcClient jdbc;

	private final String operatorKeyHash;

	private final Tenants tenants;

	/**
	 * Where a service keeps its tenants: a table with an id column and an
	 * {@code api_key_hash} column (SHA-256 hex of the tenant's key).
	 *
	 * @param table the table
	 * @param idColumn its id column
	 * @param noun what a tenant is called in answers ("license holder")
	 */
	public record Tenants(String table, String idColumn, String noun) {
	}

	public TenantKeys(JdbcClient jdbc, String operatorKey, Tenants tenants) {
		this.jdbc = jdbc;
		this.operatorKeyHash = (operatorKey != null && !operatorKey.isBlank()) ? ApiKeys.hash(operatorKey) : null;
		this.tenants = tenants;
	}

	/**
	 * Who a key belongs to.
	 *
	 * @param tenantId the tenant's id; {@code null} for the operator
	 */
	public record Identity(String tenantId) {

		public boolean operator() {
			return this.tenantId == null;
		}

	}

	/** Who sent the key; fails with 401 without a key or with one nobody has. */
	public Identity identify(String authorization) {
		String key = bearer(authorization);
		if (key == null) {
			throw ProblemResponse.unauthorized("This needs a " + this.tenants.noun() + "'s key or the operator's key");
		}
		String hash = ApiKeys.hash(key);
		if (this.operatorKeyHash != null && ApiKeys.sameHash(hash, this.operatorKeyHash)) {
			return new Identity(null);
		}
		return new Identity(tenantOf(hash).orElseThrow(() -> ProblemResponse.unauthorized("Unknown key")));
	}

	/**
	 * What {@code GET /v1/me} answers: {@code {"kind":"operator"}}, or the tenant's kind
	 * (its noun, {@code license-holder}), id ({@code licenseHolderId}) and name; 401 for
	 * a key nobody has.
	 */
	public Map<String, String> describe(String authorization) {
		Identity identity = identify(authorization);
		Map<String, String> me = new LinkedHashMap<>();
		if (identity.operator()) {
			me.put("kind", "operator");
			return me;
		}
		String[] words = this.tenants.noun().split(" ");
		StringBuilder idField = new StringBuilder(words[0]);
		for (int i = 1; i < words.length; i++) {
			idField.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
		}
		me.put("kind", String.join("-", words));
		me.put(idField.append("Id").toString(), identity.tenantId());
		me.put("name",
				this.jdbc
					.sql("SELECT name FROM " + this.tenants.table() + " WHERE " + this.tenants.idColumn() + " = :id")
					.param("id", identity.tenantId())
					.query(String.class)
					.single());
		return me;
	}

	/** Fails with 401 unless the operator's key was sent. */
	public void requireOperator(String authorization) {
		String key = bearer(authorization);
		if (this.operatorKeyHash == null || key == null || !ApiKeys.sameHash(ApiKeys.hash(key), this.operatorKeyHash)) {
			throw ProblemResponse.unauthorized("This needs the operator's key");
		}
	}

	/**
	 * Fails with 401 without a valid key, and with 404 when a tenant's key asks for
	 * another tenant or the operator's key for a tenant that does not exist.
	 */
	public void requireTenantOrOperator(String authorization, String tenantId) {
		String key = bearer(authorization);
		if (key == null) {
			throw ProblemResponse.unauthorized("This needs a " + this.tenants.noun() + "'s key or the operator's key");
		}
		String hash = ApiKeys.hash(key);
		if (this.operatorKeyHash != null && ApiKeys.sameHash(hash, this.operatorKeyHash)) {
			requireTenant(tenantId);
			return;
		}
		Optional<String> tenant = tenantOf(hash);
		if (tenant.isEmpty()) {
			throw ProblemResponse.unauthorized("Unknown key");
		}
		if (!tenant.get().equals(tenantId)) {
			throw notFound(tenantId);
		}
	}

	private Optional<String> tenantOf(String keyHash) {
		return this.jdbc
			.sql("SELECT " + this.tenants.idColumn() + " FROM " + this.tenants.table() + " WHERE api_key_hash = :hash")
			.param("hash", keyHash)
			.query(String.class)
			.optional();
	}

	/** Fails with 404 unless the tenant exists. */
	public void requireTenant(String tenantId) {
		if (this.jdbc
			.sql("SELECT COUNT(*) FROM " + this.tenants.table() + " WHERE " + this.tenants.idColumn() + " = :id")
			.param("id", tenantId)
			.query(Long.class)
			.single() == 0) {
			throw notFound(tenantId);
		}
	}

	/**
	 * Makes the tenant a new key, stores its hash (the previous key stops working), and
	 * answers the key, to be shown once; 404 when the tenant does not exist.
	 */
	public String newKey(String tenantId) {
		String key = ApiKeys.generate();
		int changed = this.jdbc
			.sql("UPDATE " + this.tenants.table() + " SET api_key_hash = :hash WHERE " + this.tenants.idColumn()
					+ " = :id")
			.param("hash", ApiKeys.hash(key))
			.param("id", tenantId)
			.update();
		if (changed != 1) {
			throw notFound(tenantId);
		}
		return key;
	}

	public ErrorResponseException notFound(String tenantId) {
		return ProblemResponse.notFound("No " + this.tenants.noun() + " " + tenantId);
	}

	private static String bearer(String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		String key = authorization.substring(7).trim();
		return key.isEmpty() ? null : key;
	}

}
