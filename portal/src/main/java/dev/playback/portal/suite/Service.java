package dev.playback.portal.suite;

/** The services the portal reads, by the names their pages and errors use. */
public enum Service {

	ROYALTY("royalty-service"), AD_METRICS("ad-metrics-service"), INGEST("ingest-api"),
	AGGREGATOR("session-aggregator");

	private final String displayName;

	Service(String displayName) {
		this.displayName = displayName;
	}

	public String displayName() {
		return this.displayName;
	}

}
