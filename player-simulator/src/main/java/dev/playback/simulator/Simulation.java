package dev.playback.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * One run of a scenario against ingest-api: the catalog put in place, every viewer's
 * events sent as their networks deliver them, and the ground truth of what was accepted.
 */
public final class Simulation {

	private final Scenario scenario;

	private final SimCatalog catalog;

	private final List<Delivery.Request> requests;

	private final long plannedEvents;

	/** Send times of the requests, and the events sent up to each (for offered load). */
	private final long[] sendTimes;

	private final long[] eventsThrough;

	private volatile Sender sender;

	/**
	 * What a run did.
	 *
	 * @param truth what the services must answer for it
	 * @param requests requests sent (each counted once, however often retried)
	 * @param eventsAccepted events answered 202, duplicates included
	 * @param retries requests sent again after a 503 or a network error
	 * @param rejected answers that were not 202 (each one a fault)
	 * @param seconds how long sending took
	 * @param p50Ms median request latency
	 * @param p99Ms 99th percentile request latency
	 */
	public record Result(GroundTruth truth, long requests, long eventsAccepted, long retries, List<String> rejected,
			double seconds, double p50Ms, double p99Ms) {
	}

	public Simulation(Scenario scenario) {
		this.scenario = scenario;
		this.catalog = SimCatalog.of(scenario);
		List<Delivery.Request> all = new ArrayList<>();
		long events = 0;
		for (int viewer = 1; viewer <= scenario.viewers(); viewer++) {
			List<Player.Emitted> emitted = Player.watch(scenario, this.catalog, viewer);
			events += emitted.size();
			all.addAll(Delivery.requests(emitted, scenario.network(), new Random(~(scenario.seed() * 31 + viewer)),
					Player.client(scenario, viewer)));
		}
		// List.sort is stable: requests with the same send time keep viewer order
		all.sort(Comparator.comparingLong(Delivery.Request::sendAtMs));
		this.requests = List.copyOf(all);
		this.plannedEvents = events;
		this.sendTimes = new long[all.size()];
		this.eventsThrough = new long[all.size()];
		long sent = 0;
		for (int i = 0; i < all.size(); i++) {
			this.sendTimes[i] = all.get(i).sendAtMs();
			sent += all.get(i).events().size();
			this.eventsThrough[i] = sent;
		}
	}

	public SimCatalog catalog() {
		return this.catalog;
	}

	/** Events the players produced, lost ones included. */
	public long plannedEvents() {
		return this.plannedEvents;
	}

	/** The requests, in the order they leave the players. */
	List<Delivery.Request> requests() {
		return this.requests;
	}

	public int requestCount() {
		return this.requests.size();
	}

	/** Puts the catalog in place through the admin APIs. */
	public void applyCatalog(String royaltyUrl, String adMetricsUrl, String operatorKey) throws Exception {
		new CatalogAdmin(royaltyUrl, adMetricsUrl, operatorKey).apply(this.catalog);
	}

	/**
	 * Sends everything to ingest-api and returns the truth of what was accepted.
	 * @param ingestUrl ingest-api
	 * @param realTime each request when its time comes (the scenario must start now),
	 * else as fast as {@code eventsPerSecond} allows
	 * @param eventsPerSecond target rate in virtual time (0: as fast as it goes)
	 * @param connections requests in flight at once
	 * @param progress receives a line every 10 s
	 */
	public Result run(String ingestUrl, boolean realTime, double eventsPerSecond, int connections,
			Consumer<String> progress) throws InterruptedException {
		this.sender = new Sender(ingestUrl, connections);
		long started = System.nanoTime();
		Thread reporter = new Thread(() -> {
			long last = 0;
			while (!Thread.currentThread().isInterrupted()) {
				try {
					Thread.sleep(10_000);
				}
				catch (InterruptedException ex) {
					return;
				}
				long now = this.sender.acceptedEvents();
				progress.accept(String.format("simulator: %,d events accepted (%,d/s over the last 10 s), %d retries",
						now, (now - last) / 10, this.sender.retries()));
				last = now;
			}
		}, "simulator-progress");
		reporter.setDaemon(true);
		reporter.start();
		try {
			this.sender.send(this.requests, this.scenario.start().toEpochMilli(),
					realTime ? Sender.Pace.byClock() : Sender.Pace.atRate(eventsPerSecond));
		}
		finally {
			reporter.interrupt();
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		GroundTruth truth = GroundTruth.of(this.scenario.prefix(), this.catalog, this.sender.accepted());
		Latencies latencies = this.sender.latencies();
		return new Result(truth, this.requests.size(), this.sender.acceptedEvents(), this.sender.retries(),
				this.sender.rejected(), seconds, latencies.percentileMs(0.5), latencies.percentileMs(0.99));
	}

	/**
	 * Events the players send up to virtual time {@code virtualMs} (duplicates included):
	 * the load offered by then in a real-time run.
	 */
	public long eventsDueBy(long virtualMs) {
		int index = Arrays.binarySearch(this.sendTimes, virtualMs);
		// the last request at or before virtualMs
		int last = (index >= 0) ? index : -index - 2;
		while (last + 1 < this.sendTimes.length && this.sendTimes[last + 1] == virtualMs) {
			last++;
		}
		return (last < 0) ? 0 : this.eventsThrough[last];
	}

	/** Events answered 202 so far (duplicates included), while a run goes on. */
	public long acceptedSoFar() {
		Sender running = this.sender;
		return (running != null) ? running.acceptedEvents() : 0;
	}

	/** Stops sending (a run in progress returns soon after). */
	public void stop() {
		if (this.sender != null) {
			this.sender.stop();
		}
	}

}
