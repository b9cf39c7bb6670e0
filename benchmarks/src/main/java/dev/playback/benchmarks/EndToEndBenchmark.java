package dev.playback.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.playback.infra.FreePorts;
import dev.playback.infra.LocalInfrastructure;
import dev.playback.schemas.Topics;
import dev.playback.simulator.GroundTruth;
import dev.playback.simulator.Scenario;
import dev.playback.simulator.Simulation;
import dev.playback.simulator.SimulatorCli;
import dev.playback.simulator.Verifier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code java -jar benchmarks-exec.jar e2e [minutes] [first-rate]}: the whole suite on
 * this machine, each service in its own JVM beside the broker, registry and PostgreSQL,
 * loaded by the player simulator: viewers watching in real time, as many as the step's
 * rate needs at a heartbeat every 5 s (32 connections). Steps of one minute raise the
 * rate by half until a step does not keep up (fewer than 95% of the events sent accepted,
 * or consumer lag growing over the step); the highest rate that kept up is then held for
 * {@code minutes} (5) to confirm it, stepping down by a fifth if it does not, and what
 * was sent in that hold is verified against its ground truth. Throughout, probes time a
 * fresh viewer's way from the {@code 202} to the progress API, to the statement usage and
 * to the ad report, and the CPU of every process is sampled. Prints a table per step, the
 * capacity model, and writes SVG plots and the samples as CSV to
 * {@code target/e2e-benchmark/}.
 */
public final class EndToEndBenchmark {

	private static final int CONNECTIONS = 32;

	private static final Duration SEARCH_STEP = Duration.ofMinutes(1);

	private static final Duration SAMPLE = Duration.ofSeconds(5);

	/** A watching viewer's content heartbeats per second (one every 5 s). */
	private static final double HEARTBEATS_PER_VIEWER_SECOND = 0.2;

	private final LocalInfrastructure infra;

	private final Map<String, Process> services = new LinkedHashMap<>();

	private final Map<String, String> urls = new LinkedHashMap<>();

	private final String operatorKey = "op_" + UUID.randomUUID();

	private final List<Sample> samples = new CopyOnWriteArrayList<>();

	private final Clock clock = new Clock(System.nanoTime());

	private final FreshnessProbes freshness = new FreshnessProbes(this.urls, this.operatorKey, this.clock);

	private final Map<Integer, Simulation.Result> results = new ConcurrentHashMap<>();

	/**
	 * What was measured at one moment.
	 *
	 * @param seconds since the first step began
	 * @param step the step's index
	 * @param offeredPerSecond events the viewers sent per second since the previous
	 * sample
	 * @param eventsPerSecond events accepted per second since the previous sample
	 * @param revisionsPerSecond session revisions royalty-service applied per second
	 * since the previous sample
	 * @param lags consumer lag per group (records)
	 * @param cores CPU per process since the previous sample
	 */
	record Sample(double seconds, int step, double offeredPerSecond, double eventsPerSecond, double revisionsPerSecond,
			Map<String, Long> lags, Map<String, Double> cores) {
	}

	/**
	 * The benchmark's time line.
	 *
	 * @param start when the first step began ({@link System#nanoTime()})
	 */
	record Clock(long start) {

		/** Seconds from the start to {@code nanos}. */
		double since(long nanos) {
			return (nanos - this.start) / 1e9;
		}

	}

	/**
	 * One load step's figures.
	 *
	 * @param index its index
	 * @param viewers viewers watching
	 * @param offeredRate events/s they sent
	 * @param achievedRate events/s accepted
	 * @param revisionRate session revisions/s applied by the report services (each
	 * applies every revision)
	 * @param keptUp whether it kept up
	 * @param why what decided it
	 * @param cores mean CPU per process
	 * @param latencies p50 and p99 per probe kind
	 */
	record Step(int index, int viewers, double offeredRate, double achievedRate, double revisionRate, boolean keptUp,
			String why, Map<String, Double> cores, Map<String, double[]> latencies) {
	}

	private EndToEndBenchmark(LocalInfrastructure infra) {
		this.infra = infra;
	}

	static void run(int minutes, double rate) throws Exception {
		Path out = Path.of("target", "e2e-benchmark");
		Files.createDirectories(out);
		// the infrastructure removes its work directory when it closes
		try (LocalInfrastructure infra = LocalInfrastructure.start()) {
			EndToEndBenchmark benchmark = new EndToEndBenchmark(infra);
			try {
				benchmark.startServices(infra.workDir());
				benchmark.run(minutes, rate, out);
			}
			finally {
				benchmark.stopServices();
			}
		}
	}

	private void run(int minutes, double firstRate, Path out) throws Exception {
		new Simulation(new Scenario(0, "b0", 1, Instant.now(), Duration.ofMinutes(1), Scenario.Network.perfect()))
			.applyCatalog(this.urls.get("royalty-service"), this.urls.get("ad-metrics-service"), this.operatorKey);
		Map<String, Double> idle = idle(Duration.ofSeconds(60));
		List<Step> steps = new ArrayList<>();
		double rate = firstRate;
		double best = 0;
		System.out.printf(Locale.ROOT,
				"end-to-end benchmark: real-time viewers (a heartbeat every 5 s each), %d s steps from %.0f events/s%n",
				SEARCH_STEP.toSeconds(), rate);
		while (true) {
			Step step = step(steps.size() + 1, rate, SEARCH_STEP, Scenario.Viewing.VISITS);
			steps.add(step);
			EndToEndReport.print(step);
			if (!step.keptUp()) {
				break;
			}
			best = rate;
			rate = Math.round(rate * 1.5 / 50) * 50;
		}
		Step confirmed = null;
		double hold = (best > 0) ? best : firstRate * 0.8;
		for (int attempt = 0; attempt < 3 && confirmed == null; attempt++) {
			System.out.printf(Locale.ROOT, "holding about %.0f events/s for %d min...%n", hold, minutes);
			Step step = step(steps.size() + 1, hold, Duration.ofMinutes(minutes), Scenario.Viewing.VISITS);
			steps.add(step);
			EndToEndReport.print(step);
			if (step.keptUp()) {
				confirmed = step;
			}
			hold = Math.round(hold * 0.8 / 10) * 10;
		}
		EndToEndReport.summary(steps, confirmed, minutes);
		if (confirmed != null) {
			// what was sent under load is also exact
			verify(confirmed.index());
		}
		EndToEndReport.writePlots(steps, this.samples, this.freshness.probes(), out, SAMPLE.toSeconds());
		EndToEndReport.model(steps, idle, out);
	}

	/**
	 * Each process's CPU with the suite running and no traffic, over {@code length}
	 * (after the catalog was written): the fixed costs the capacity model takes apart.
	 */
	private Map<String, Double> idle(Duration length) throws InterruptedException {
		Thread.sleep(10_000);
		Map<String, Long> before = ticks();
		long started = System.nanoTime();
		Thread.sleep(length.toMillis());
		Map<String, Long> after = ticks();
		double seconds = (System.nanoTime() - started) / 1e9;
		Map<String, Double> cores = new LinkedHashMap<>();
		after.forEach((name, value) -> cores.put(name, (value - before.getOrDefault(name, value)) / 100.0 / seconds));
		StringBuilder line = new StringBuilder();
		cores.forEach((name, value) -> line.append(String.format(Locale.ROOT, " %s %.3f", name, value)));
		System.out.printf(Locale.ROOT, "idle, %d s with no traffic (fixed costs), cores:%s%n", length.toSeconds(),
				line);
		return cores;
	}

	/**
	 * {@code java -jar benchmarks-exec.jar soak [minutes] [rate]}: the suite as in
	 * {@link #run(int, double)}, held at one rate of real-time viewers for
	 * {@code minutes}; besides the step's figures, once a minute each service's heap
	 * after GC, the aggregator's RocksDB size, the consumer lags, the sessions open and
	 * the freshness percentiles ({@link SoakSampler}); at the end the first third of the
	 * steady minutes against the last, and {@code verify} of everything sent. Plots and
	 * CSV in {@code target/soak-benchmark/}.
	 */
	static void soak(int minutes, double rate) throws Exception {
		Path out = Path.of("target", "soak-benchmark");
		Files.createDirectories(out);
		try (LocalInfrastructure infra = LocalInfrastructure.start()) {
			EndToEndBenchmark benchmark = new EndToEndBenchmark(infra);
			try {
				benchmark.startServices(infra.workDir());
				benchmark.soak(minutes, rate, out);
			}
			finally {
				benchmark.stopServices();
			}
		}
	}

	private void soak(int minutes, double rate, Path out) throws Exception {
		new Simulation(new Scenario(0, "b0", 1, Instant.now(), Duration.ofMinutes(1), Scenario.Network.perfect()))
			.applyCatalog(this.urls.get("royalty-service"), this.urls.get("ad-metrics-service"), this.operatorKey);
		System.out.printf(Locale.ROOT, "soak: real-time viewers at %.0f events/s for %d min, sampled each minute%n",
				rate, minutes);
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.infra.kafkaBootstrapServers()))) {
			Map<String, Long> pids = new LinkedHashMap<>();
			this.services.forEach((name, process) -> pids.put(name, process.pid()));
			SoakSampler sampler = new SoakSampler(this.urls, pids, this.infra.workDir().resolve("aggregator-state"),
					() -> lags(admin), this.freshness::probes, out);
			Thread watcher = new Thread(() -> {
				try {
					while (true) {
						Thread.sleep(60_000);
						sampler.sample(this.clock.since(System.nanoTime()));
					}
				}
				catch (InterruptedException ex) {
					// the soak is over
				}
			}, "soak-sampler");
			watcher.start();
			Step step;
			try {
				// viewers who stay: the rate holds for the whole soak (with visits, the
				// audience that arrived at the start thinned out to a twentieth of its
				// rate over 45 minutes)
				step = step(1, rate, Duration.ofMinutes(minutes), Scenario.Viewing.CONTINUOUS);
			}
			finally {
				watcher.interrupt();
				watcher.join();
			}
			EndToEndReport.print(step);
			sampler.summary();
			sampler.compareHistograms();
			sampler.write();
			verify(step.index());
			EndToEndReport.writePlots(List.of(step), this.samples, this.freshness.probes(), out, SAMPLE.toSeconds());
		}
	}

	/**
	 * Checks everything a step's viewers sent against its ground truth, and prints the
	 * verdict.
	 */
	private void verify(int index) throws Exception {
		GroundTruth truth = this.results.get(index).truth();
		Verifier verifier = new Verifier(new Verifier.Endpoints(this.urls.get("session-aggregator"),
				this.urls.get("royalty-service"), this.urls.get("ad-metrics-service"), this.operatorKey));
		System.out.println(SimulatorCli.verdict(truth, verifier.verify(truth, Duration.ofMinutes(3))));
	}

	/**
	 * One load step: as many viewers as send {@code rate} events/s on average over the
	 * step (about {@code rate / 0.2}: a heartbeat every 5 s each, fewer as they finish
	 * videos), arriving in the first 15 s and watching in real time for {@code length},
	 * sampled every 5 s. Real time rather than virtual: then every heartbeat changes its
	 * session a second or more after the last change, so the sessions topic and the
	 * report services carry the load that many viewers would give them (compressed time
	 * would coalesce it away).
	 */
	private Step step(int index, double rate, Duration length, Scenario.Viewing viewing) throws Exception {
		Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(3);
		// viewers finish videos and idle between them: as many as make the step's mean
		// rate
		int guess = (int) Math.max(10, Math.round(rate / HEARTBEATS_PER_VIEWER_SECOND));
		double guessRate = viewers(index, guess, start, length, viewing).eventsDueBy(start.plus(length).toEpochMilli())
				/ (double) length.toSeconds();
		int viewers = (int) Math.max(10, Math.round(guess * rate / Math.max(1, guessRate)));
		Simulation simulation = viewers(index, viewers, start, length, viewing);
		simulation.applyCatalog(this.urls.get("royalty-service"), this.urls.get("ad-metrics-service"),
				this.operatorKey);
		Thread sender = new Thread(() -> {
			try {
				this.results.put(index, simulation.run(this.urls.get("ingest-api"), true, 0, CONNECTIONS, (line) -> {
				}));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "e2e-load");
		long started = System.nanoTime();
		long realStart = System.currentTimeMillis();
		sender.start();
		Thread prober = new Thread(() -> this.freshness.probeUntilInterrupted(index), "e2e-probes");
		prober.start();
		int first = this.samples.size();
		long end = started + length.toNanos();
		long lastAccepted = 0;
		long lastOffered = 0;
		double lastRevisions = revisionsApplied();
		long lastNanos = started;
		Map<String, Long> lastTicks = ticks();
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.infra.kafkaBootstrapServers()))) {
			while (System.nanoTime() < end) {
				Thread.sleep(SAMPLE.toMillis());
				long now = System.nanoTime();
				long accepted = simulation.acceptedSoFar();
				long offered = simulation.eventsDueBy(start.toEpochMilli() + (System.currentTimeMillis() - realStart));
				Map<String, Long> ticks = ticks();
				double revisions = revisionsApplied();
				double seconds = (now - lastNanos) / 1e9;
				Map<String, Double> cores = new LinkedHashMap<>();
				ticks.forEach((name, value) -> cores.put(name,
						(value - lastTicks.getOrDefault(name, value)) / 100.0 / seconds));
				this.samples.add(new Sample(this.clock.since(now), index, (offered - lastOffered) / seconds,
						(accepted - lastAccepted) / seconds, (revisions - lastRevisions) / seconds, lags(admin),
						cores));
				lastAccepted = accepted;
				lastRevisions = revisions;
				lastOffered = offered;
				lastNanos = now;
				lastTicks.clear();
				lastTicks.putAll(ticks);
			}
		}
		finally {
			simulation.stop();
			prober.interrupt();
			sender.join();
			prober.join();
		}
		List<Sample> stepSamples = this.samples.subList(first, this.samples.size());
		return judge(index, viewers, stepSamples);
	}

	private static Simulation viewers(int index, int viewers, Instant start, Duration length,
			Scenario.Viewing viewing) {
		return new Simulation(new Scenario(index, "b" + index, viewers, start, length, Duration.ofSeconds(15),
				Scenario.Network.imperfect())
			.with(viewing));
	}

	/**
	 * Kept up when at least 95% of the events the viewers sent were accepted within the
	 * step and no consumer's lag grew: the mean lag of the step's last third is within
	 * twice that of its first third plus two seconds of load.
	 */
	private Step judge(int index, int viewers, List<Sample> stepSamples) {
		// the first samples hold the viewers' arrival
		List<Sample> steady = stepSamples.subList(Math.min(3, stepSamples.size() - 1), stepSamples.size());
		double offered = steady.stream().mapToDouble(Sample::offeredPerSecond).average().orElse(0);
		double achieved = steady.stream().mapToDouble(Sample::eventsPerSecond).average().orElse(0);
		double revisions = steady.stream().mapToDouble(Sample::revisionsPerSecond).average().orElse(0);
		String why = String.format(Locale.ROOT, "%.0f%% of the offered events accepted", 100 * achieved / offered);
		boolean keptUp = achieved >= 0.95 * offered;
		int third = Math.max(1, steady.size() / 3);
		for (String group : steady.isEmpty() ? List.<String>of() : steady.get(0).lags().keySet()) {
			double early = steady.subList(0, third).stream().mapToLong((s) -> s.lags().get(group)).average().orElse(0);
			double late = steady.subList(steady.size() - third, steady.size())
				.stream()
				.mapToLong((s) -> s.lags().get(group))
				.average()
				.orElse(0);
			if (late > 2 * early + 2 * offered) {
				keptUp = false;
				why += String.format(Locale.ROOT, "; %s lag grew %.0f -> %.0f", group, early, late);
			}
		}
		Map<String, Double> cores = new LinkedHashMap<>();
		for (Sample sample : steady) {
			sample.cores().forEach((name, value) -> cores.merge(name, value / steady.size(), Double::sum));
		}
		Map<String, double[]> latencies = new LinkedHashMap<>();
		for (String kind : List.of("progress", "usage", "report")) {
			List<Double> millis = this.freshness.probes()
				.stream()
				.filter((probe) -> probe.step() == index && probe.kind().equals(kind))
				.map(FreshnessProbes.Probe::millis)
				.sorted()
				.toList();
			latencies.put(kind,
					new double[] { Figures.percentile(millis, 0.5), Figures.percentile(millis, 0.99), millis.size() });
		}
		return new Step(index, viewers, offered, achieved, revisions, keptUp, why, cores, latencies);
	}

	/**
	 * Session revisions royalty-service has applied so far (its {@code sessions.applied}
	 * counter: revisions in committed batches; ad-metrics-service applies the same ones).
	 */
	private double revisionsApplied() {
		return SoakSampler.scrape(this.urls.get("royalty-service")).getOrDefault("sessions_applied_total", 0.0);
	}

	private Map<String, Long> lags(Admin admin) {
		Map<String, Long> lags = new LinkedHashMap<>();
		try {
			lags.put("aggregator", lag(admin, "session-aggregator", Topics.HEARTBEATS));
			lags.put("royalty", lag(admin, "royalty-service", Topics.SESSIONS));
			lags.put("ad-metrics", lag(admin, "ad-metrics-service", Topics.SESSIONS));
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not read consumer lag", ex);
		}
		return lags;
	}

	private static long lag(Admin admin, String group, String topic) throws Exception {
		Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
			.partitionsToOffsetAndMetadata()
			.get();
		Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
		for (int p = 0; p < Topics.spec(topic).partitions(); p++) {
			latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
		}
		long lag = 0;
		for (var end : admin.listOffsets(latest).all().get().entrySet()) {
			OffsetAndMetadata at = committed.get(end.getKey());
			lag += end.getValue().offset() - ((at != null) ? at.offset() : 0);
		}
		return lag;
	}

	/**
	 * CPU ticks (1/100 s) per process; PostgreSQL with its backends (pg_ctl starts the
	 * postmaster outside this JVM's process tree).
	 */
	private Map<String, Long> ticks() {
		Map<String, Long> ticks = new LinkedHashMap<>();
		this.services.forEach((name, process) -> ticks.put(name, ServiceProcesses.cpuTicks(process.pid())));
		ticks.put("kafka", ServiceProcesses.cpuTicks(this.infra.kafka().pid()));
		ticks.put("postgres", ServiceProcesses.cpuTicks(this.infra.postgres().pid()));
		ticks.put("registry", ServiceProcesses.cpuTicks(this.infra.registry().pid()));
		// this JVM without its children (the broker, the registry and the services)
		ticks.put("simulator", ServiceProcesses.ownCpuTicks(ProcessHandle.current().pid()));
		return ticks;
	}

	private void startServices(Path work) throws Exception {
		int[] ports = FreePorts.next(4);
		start("ingest-api", ports[0], "playback.ingest", null);
		List<String> aggregator = new ArrayList<>(
				List.of("--spring.kafka.streams.state-dir=" + work.resolve("aggregator-state")));
		aggregator.addAll(aggregatorTuning());
		start("session-aggregator", ports[1], "playback.aggregator", null, aggregator.toArray(String[]::new));
		start("royalty-service", ports[2], "playback.royalty", "royalty",
				"--playback.royalty.operator-key=" + this.operatorKey);
		start("ad-metrics-service", ports[3], "playback.admetrics", "admetrics",
				"--playback.admetrics.operator-key=" + this.operatorKey);
		for (Map.Entry<String, String> service : this.urls.entrySet()) {
			ServiceProcesses.awaitReady(service.getKey(), this.services.get(service.getKey()), service.getValue(),
					Duration.ofSeconds(180), this.infra.workDir().resolve(service.getKey() + ".log"));
		}
	}

	/**
	 * Arguments for the aggregator's JVM from {@code BENCH_AGGREGATOR_ARGS}, for runs
	 * that compare its settings, e.g.
	 * {@code BENCH_AGGREGATOR_ARGS="--spring.kafka.streams.properties.commit.interval.ms=5000"}.
	 */
	private static List<String> aggregatorTuning() {
		List<String> arguments = ServiceProcesses.argumentsFrom("BENCH_AGGREGATOR_ARGS");
		if (!arguments.isEmpty()) {
			System.out.println("session-aggregator arguments added: " + String.join(" ", arguments));
		}
		return arguments;
	}

	private void start(String name, int port, String prefix, String database, String... extra) throws IOException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms512m", "-Xmx1g",
						"-jar", ServiceProcesses.execJar(name).toString(), "--server.port=" + port,
						"--logging.level.root=WARN", "--spring.main.banner-mode=off"));
		command.addAll(List.of(this.infra.serviceArguments(prefix, database, extra)));
		Path log = this.infra.workDir().resolve(name + ".log");
		this.services.put(name,
				new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
		this.urls.put(name, "http://127.0.0.1:" + port);
	}

	private void stopServices() throws InterruptedException {
		for (Process process : this.services.values()) {
			process.destroy();
		}
		for (Process process : this.services.values()) {
			process.waitFor();
		}
	}

}
