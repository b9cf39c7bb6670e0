package dev.playback.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * What to simulate. Everything that follows from it (catalog, viewers, their events, the
 * network's faults) is a function of these values: the same scenario sends the same
 * events.
 *
 * @param seed the random seed
 * @param prefix namespace of every id the simulation makes (users, playbacks, catalog),
 * so that runs and the live demo never mix
 * @param viewers simulated viewers
 * @param start virtual time the simulation starts at (UTC)
 * @param duration virtual time it covers
 * @param arrivals viewers arrive at random within this time from the start
 * @param network faults of the players' networks
 * @param audience who the viewers are: people, or now and then a bot
 * @param viewing how long viewers stay
 */
public record Scenario(long seed, String prefix, int viewers, Instant start, Duration duration, Duration arrivals,
		Network network, Audience audience, Viewing viewing) {

	/** Viewers arriving over the first three quarters, so that most get to watch. */
	public Scenario(long seed, String prefix, int viewers, Instant start, Duration duration, Network network) {
		this(seed, prefix, viewers, start, duration, duration.multipliedBy(3).dividedBy(4), network, Audience.people(),
				Viewing.VISITS);
	}

	/** People only, arriving within {@code arrivals}. */
	public Scenario(long seed, String prefix, int viewers, Instant start, Duration duration, Duration arrivals,
			Network network) {
		this(seed, prefix, viewers, start, duration, arrivals, network, Audience.people(), Viewing.VISITS);
	}

	/** The same scenario with another audience. */
	public Scenario with(Audience other) {
		return new Scenario(this.seed, this.prefix, this.viewers, this.start, this.duration, this.arrivals,
				this.network, other, this.viewing);
	}

	/** The same scenario with viewers who stay another way. */
	public Scenario with(Viewing other) {
		return new Scenario(this.seed, this.prefix, this.viewers, this.start, this.duration, this.arrivals,
				this.network, this.audience, other);
	}

	/** How long viewers stay once they arrived. */
	public enum Viewing {

		/**
		 * One to three videos with breaks of up to ten minutes, then gone: an audience
		 * that thins out after its arrival, as the end-to-end benchmark's steps use it.
		 */
		VISITS,

		/**
		 * Video after video until the end, with breaks of 10 to 60 s: an audience of
		 * constant size, whose rate holds for as long as the scenario runs (soaks).
		 */
		CONTINUOUS

	}

	public Scenario {
		if (arrivals.isNegative() || arrivals.compareTo(duration) > 0) {
			throw new IllegalArgumentException("arrivals must be within the duration");
		}
		if (!prefix.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,15}")) {
			throw new IllegalArgumentException("prefix must be 1..16 characters of [A-Za-z0-9._:-]: " + prefix);
		}
		if (viewers < 1) {
			throw new IllegalArgumentException("viewers must be at least 1");
		}
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("duration must be positive");
		}
	}

	public Instant end() {
		return this.start.plus(this.duration);
	}

	/**
	 * Shares of the viewers that are general invalid traffic, each a probability per
	 * viewer. A bot agent declares itself in its User-Agent; a data-center viewer comes
	 * from {@link #DATACENTER_RANGE} (behind a proxy that says so in
	 * {@code X-Forwarded-For}: ingest must trust the simulator's address as a proxy and
	 * count that range as a data center); a replay bot sends three heartbeats a second.
	 *
	 * @param botAgentShare viewers with a declared bot or non-browser agent
	 * @param datacenterShare viewers from a data-center address
	 * @param replayShare replay bots
	 */
	public record Audience(double botAgentShare, double datacenterShare, double replayShare) {

		/**
		 * The data-center range the simulator's data-center viewers come from
		 * (TEST-NET-3).
		 */
		public static final String DATACENTER_RANGE = "203.0.113.0/24";

		public static Audience people() {
			return new Audience(0, 0, 0);
		}

		/** Mostly people; 2% bot agents, 2% from data centers, 1% replay bots. */
		public static Audience withBots() {
			return new Audience(0.02, 0.02, 0.01);
		}

	}

	/**
	 * Faults of the players' networks, each a probability per request (or per event for
	 * loss).
	 *
	 * @param lossRate an event is lost: the player never gets it through
	 * @param duplicateRate a request is sent again (its answer was lost)
	 * @param reorderRate a request is delayed by 1-4 s, behind later ones
	 * @param batchRate the player holds 2-10 events and sends them in one request
	 * @param maxClockSkewMs each device's clock is off by up to this much, either way
	 */
	public record Network(double lossRate, double duplicateRate, double reorderRate, double batchRate,
			long maxClockSkewMs) {

		public static Network perfect() {
			return new Network(0, 0, 0, 0, 0);
		}

		/** Every fault at once, at rates a mobile audience shows. */
		public static Network imperfect() {
			return new Network(0.01, 0.02, 0.03, 0.05, 90_000);
		}

	}

}
