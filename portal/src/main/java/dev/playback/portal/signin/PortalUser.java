package dev.playback.portal.signin;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Who is signed in: kept in the server-side session with the key, which never goes to the
 * browser, a URL or a log line ({@link #toString()} leaves it out).
 */
public final class PortalUser implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	/** What a key is for. */
	public enum Kind {

		OPERATOR("operator"), LICENSE_HOLDER("license holder"), ADVERTISER("advertiser");

		private final String label;

		Kind(String label) {
			this.label = label;
		}

		public String label() {
			return this.label;
		}

	}

	private final Kind kind;

	private final String tenantId;

	private final String name;

	private final transient String key;

	PortalUser(Kind kind, String tenantId, String name, String key) {
		this.kind = kind;
		this.tenantId = tenantId;
		this.name = name;
		this.key = key;
	}

	public Kind kind() {
		return this.kind;
	}

	/** The holder's or advertiser's id; null for the operator. */
	public String tenantId() {
		return this.tenantId;
	}

	public String name() {
		return (this.name != null) ? this.name : "Operator";
	}

	/** The key to call the services with. */
	public String key() {
		return this.key;
	}

	public boolean isOperator() {
		return this.kind == Kind.OPERATOR;
	}

	List<GrantedAuthority> authorities() {
		return List.of(new SimpleGrantedAuthority("ROLE_" + this.kind.name()));
	}

	/** The page a user starts on. */
	public String home() {
		return switch (this.kind) {
			case OPERATOR -> "/operator";
			case LICENSE_HOLDER -> "/statements";
			case ADVERTISER -> "/campaigns";
		};
	}

	@Override
	public String toString() {
		return "PortalUser[" + this.kind + " " + ((this.tenantId != null) ? this.tenantId : "") + "]";
	}

}
