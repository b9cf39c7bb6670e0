package dev.playback.portal.signin;

import dev.playback.portal.suite.Api.Me;
import dev.playback.portal.suite.Service;
import dev.playback.portal.suite.SuiteClient;
import dev.playback.portal.suite.SuiteException;

import org.springframework.stereotype.Component;

/**
 * Whose a key is: royalty-service knows license holders' keys, ad-metrics-service
 * advertisers', both the operator's. A key one service knows signs in even while the
 * other is down; a key neither knows is refused; when a service that might know it does
 * not answer, the answer says which.
 */
@Component
class KeyCheck {

	private final SuiteClient suite;

	KeyCheck(SuiteClient suite) {
		this.suite = suite;
	}

	/** An unknown key, or one that cannot be checked now (the service named). */
	static final class Refused extends Exception {

		Refused(String message) {
			super(message);
		}

	}

	PortalUser check(String key) throws Refused {
		SuiteException.Unavailable down = null;
		for (Service service : new Service[] { Service.ROYALTY, Service.AD_METRICS }) {
			try {
				Me me = this.suite.me(service, key);
				return switch (me.kind()) {
					case "operator" -> new PortalUser(PortalUser.Kind.OPERATOR, null, null, key);
					case "license-holder" ->
						new PortalUser(PortalUser.Kind.LICENSE_HOLDER, me.licenseHolderId(), me.name(), key);
					case "advertiser" -> new PortalUser(PortalUser.Kind.ADVERTISER, me.advertiserId(), me.name(), key);
					default -> throw new Refused("The suite answered with a kind of key the portal does not know.");
				};
			}
			catch (SuiteException.KeyRejected ex) {
				// not this service's key: ask the next one
			}
			catch (SuiteException.Unavailable ex) {
				down = ex;
			}
			catch (SuiteException ex) {
				throw new Refused("The key could not be checked: " + ex.getMessage());
			}
		}
		if (down != null) {
			throw new Refused("The key could not be checked: " + down.getMessage() + ". Try again in a moment.");
		}
		throw new Refused("This key is not known to the suite. Check it, or ask your operator for a new one.");
	}

}
