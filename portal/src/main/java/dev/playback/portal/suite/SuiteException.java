package dev.playback.portal.suite;

/**
 * What went wrong when asking a service, in terms a page can act on.
 */
public abstract sealed class SuiteException extends RuntimeException {

	private final Service service;

	SuiteException(Service service, String message, Throwable cause) {
		super(message, cause);
		this.service = service;
	}

	public Service service() {
		return this.service;
	}

	/** The service did not answer in time, or answered 5xx: the page names it. */
	public static final class Unavailable extends SuiteException {

		Unavailable(Service service, String why, Throwable cause) {
			super(service, service.displayName() + " " + why, cause);
		}

	}

	/** The signed-in key is no longer accepted (replaced, or the operator's changed). */
	public static final class KeyRejected extends SuiteException {

		KeyRejected(Service service) {
			super(service, service.displayName() + " no longer accepts this key", null);
		}

	}

	/**
	 * What was asked for does not exist for this key (another tenant's id among them).
	 */
	public static final class NotFound extends SuiteException {

		public NotFound(Service service, String detail) {
			super(service, detail, null);
		}

	}

	/**
	 * The service refused the question (a range too long, a month without a rate card).
	 */
	public static final class Refused extends SuiteException {

		private final int status;

		Refused(Service service, int status, String detail) {
			super(service, detail, null);
			this.status = status;
		}

		public int status() {
			return this.status;
		}

	}

}
