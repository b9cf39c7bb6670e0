package dev.playback.portal.web;

import java.util.regex.Pattern;

import dev.playback.portal.suite.Service;
import dev.playback.portal.suite.SuiteException;

/**
 * Ids from URLs and forms, held to the suite's alphabet before they go into a service's
 * URL: anything else cannot exist, so it is not found.
 */
public final class IdCheck {

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	private IdCheck() {
	}

	public static String checked(String id, Service service, String what) {
		if (id == null || !ID.matcher(id).matches()) {
			throw new SuiteException.NotFound(service, "No such " + what);
		}
		return id;
	}

}
