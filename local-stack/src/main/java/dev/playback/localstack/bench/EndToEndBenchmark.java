package dev.playback.localstack.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * {@code java -jar local-stack.jar bench-e2e [minutes] [first-rate]}: the whole suite on
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

	private static final Pattern PLAYED = Pattern.compile("\"playedMs\":(\\d+)");

	private static final Pattern STARTS = Pattern.compile("\"starts\":(\\d+)");

	private static final String PROBE = "probe";

	private final LocalInfrastructure infra;

	private final Map<String, Process> services = new LinkedHashMap<>();

	private final Map<String, String> urls = new LinkedHashMap<>();

	private final String operatorKey = "op_" + UUID.randomUUID();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final List<Sample> samples = new CopyOnWriteArrayList<>();

	private final List<Probe> probes = new CopyOnWriteArrayList<>();

	private final Map<Integer, Simulation.Result> results = new ConcurrentHashMap<>();

	private final long benchmarkStart = System.nanoTime();

	private int probeCount;

	/**
	 * What was measured at one moment.
	 *
	 * @param seconds since the first step began
	 * @param step the step's index
	 * @param offeredPerSecond events the viewers sent per second since the previous
	 * sample
	 * @param eventsPerSecond events accepted per second since the previous sample
	 * @param lags consumer lag per group (records)
	 * @param cores CPU per process since the previous sample
	 */
	record Sample(double seconds, int step, double offeredPerSecond, double eventsPerSecond, Map<String, Long> lags,
			Map<String, Double> cores) {
	}

	/**
	 * One fresh viewer's way through the suite.
	 *
	 * @param seconds when it was sent, since the first step began
	 * @param step the step's index
	 * @param kind progress, usage or report
	 * @param millis from the 202 to the answer showing it
	 */
	record Probe(double seconds, int step, String kind, double millis) {
	}

	/**
	 * One load step's figures.
	 *
	 * @param index its index
	 * @param viewers viewers watching
	 * @param offeredRate events/s they sent
	 * @param achievedRate events/s accepted
	 * @param keptUp whether it kept up
	 * @param why what decided it
	 * @param cores mean CPU per process
	 * @param latencies p50 and p99 per probe kind
	 */
	record Step(int index, int viewers, double offeredRate, double achievedRate, boolean keptUp, String why,
			Map<String, Double> cores, Map<String, double[]> latencies) {
	}

	private EndToEndBenchmark(LocalInfrastructure infra) {
		this.infra = infra;
	}

	public static void main(String[] args) throws Exception {
		int minutes = (args.length > 0) ? Integer.parseInt(args[0]) : 5;
		double rate = (args.length > 1) ? Double.parseDouble(args[1]) : 300;
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
		List<Step> steps = new ArrayList<>();
		double rate = firstRate;
		double best = 0;
		System.out.printf(Locale.ROOT,
				"end-to-end benchmark: real-time viewers (a heartbeat every 5 s each), %d s steps from %.0f events/s%n",
				SEARCH_STEP.toSeconds(), rate);
		while (true) {
			Step step = step(steps.size() + 1, rate, SEARCH_STEP);
			steps.add(step);
			print(step);
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
			Step step = step(steps.size() + 1, hold, Duration.ofMinutes(minutes));
			steps.add(step);
			print(step);
			if (step.keptUp()) {
				confirmed = step;
			}
			hold = Math.round(hold * 0.8 / 10) * 10;
		}
		summary(steps, confirmed, minutes);
		if (confirmed != null) {
			// what was sent under load is also exact
			GroundTruth truth = this.results.get(confirmed.index()).truth();
			Verifier verifier = new Verifier(new Verifier.Endpoints(this.urls.get("session-aggregator"),
					this.urls.get("royalty-service"), this.urls.get("ad-metrics-service"), this.operatorKey));
			System.out.println(SimulatorCli.verdict(truth, verifier.verify(truth, Duration.ofMinutes(3))));
		}
		writePlots(steps, out);
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
	private Step step(int index, double rate, Duration length) throws Exception {
		Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(3);
		// viewers finish videos and idle between them: as many as make the step's mean
		// rate
		int guess = (int) Math.max(10, Math.round(rate / HEARTBEATS_PER_VIEWER_SECOND));
		double guessRate = viewers(index, guess, start, length).eventsDueBy(start.plus(length).toEpochMilli())
				/ (double) length.toSeconds();
		int viewers = (int) Math.max(10, Math.round(guess * rate / Math.max(1, guessRate)));
		Simulation simulation = viewers(index, viewers, start, length);
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
		Thread prober = new Thread(() -> probeUntilInterrupted(index), "e2e-probes");
		prober.start();
		int first = this.samples.size();
		long end = started + length.toNanos();
		long lastAccepted = 0;
		long lastOffered = 0;
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
				double seconds = (now - lastNanos) / 1e9;
				Map<String, Double> cores = new LinkedHashMap<>();
				ticks.forEach((name, value) -> cores.put(name,
						(value - lastTicks.getOrDefault(name, value)) / 100.0 / seconds));
				this.samples.add(new Sample(since(now), index, (offered - lastOffered) / seconds,
						(accepted - lastAccepted) / seconds, lags(admin), cores));
				lastAccepted = accepted;
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

	private static Simulation viewers(int index, int viewers, Instant start, Duration length) {
		return new Simulation(new Scenario(index, "b" + index, viewers, start, length, Duration.ofSeconds(15),
				Scenario.Network.imperfect()));
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
			List<Double> millis = this.probes.stream()
				.filter((probe) -> probe.step() == index && probe.kind().equals(kind))
				.map(Probe::millis)
				.sorted()
				.toList();
			latencies.put(kind,
					new double[] { Figures.percentile(millis, 0.5), Figures.percentile(millis, 0.99), millis.size() });
		}
		return new Step(index, viewers, offered, achieved, keptUp, why, cores, latencies);
	}

	/**
	 * Probes one after another until interrupted: a new viewer's START and HEARTBEAT,
	 * timed from the 202 until the progress API shows the position, then one's 5 s of a
	 * probe video until the holder's usage shows them, then one's ad playback until the
	 * advertiser's report counts it.
	 */
	private void probeUntilInterrupted(int step) {
		try {
			while (!Thread.currentThread().isInterrupted()) {
				probe(step, "progress");
				probe(step, "usage");
				probe(step, "report");
				Thread.sleep(500);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			System.err.println("probe failed: " + ex);
		}
	}

	private void probe(int step, String kind) throws IOException, InterruptedException {
		int n = ++this.probeCount;
		String user = PROBE + "-user-" + n;
		String playback = PROBE + "-pb-" + n;
		Instant now = Instant.now();
		LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
		String holder = "b0-studio-1";
		String video = "b0-video-01";
		String usageUrl = this.urls.get("royalty-service") + "/v1/license-holders/" + holder + "/usage?from=" + today
				+ "&to=" + today;
		String reportUrl = this.urls.get("ad-metrics-service") + "/v1/advertisers/b0-brand-1/reports/impressions?from="
				+ today + "&to=" + today + "&groupBy=ad";
		long before = switch (kind) {
			case "usage" -> sum(PLAYED, get(usageUrl));
			case "report" -> sum(STARTS, get(reportUrl));
			default -> 0;
		};
		List<String> events = new ArrayList<>();
		events.add(event(playback, 0, user, video, "START", 0, now.minusSeconds(5), null));
		if (kind.equals("report")) {
			String ad = "\"adPlaybackId\":\"" + playback + "-ad\",\"adId\":\"b0-ad-1\",\"durationMs\":6000";
			events.add(event(playback, 1, user, video, "AD_START", 0, now.minusMillis(4_000),
					"{" + ad + ",\"positionMs\":0}"));
			events.add(event(playback, 2, user, video, "AD_HEARTBEAT", 0, now.minusMillis(3_000),
					"{" + ad + ",\"positionMs\":1000}"));
		}
		else {
			events.add(event(playback, 1, user, video, "HEARTBEAT", 5_000, now, null));
		}
		HttpResponse<String> accepted = this.http
			.send(HttpRequest.newBuilder(URI.create(this.urls.get("ingest-api") + "/v1/heartbeats"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("[" + String.join(",", events) + "]"))
				.build(), HttpResponse.BodyHandlers.ofString());
		long sent = System.nanoTime();
		if (accepted.statusCode() != 202) {
			return;
		}
		long deadline = sent + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			boolean seen = switch (kind) {
				case "usage" -> sum(PLAYED, get(usageUrl)) >= before + 5_000;
				case "report" -> sum(STARTS, get(reportUrl)) > before;
				default ->
					get(this.urls.get("session-aggregator") + "/v1/users/" + user + "/videos/" + video + "/progress")
						.contains("\"lastPositionMs\":5000");
			};
			if (seen) {
				this.probes.add(new Probe(since(sent), step, kind, (System.nanoTime() - sent) / 1e6));
				return;
			}
			Thread.sleep(kind.equals("progress") ? 2 : 20);
		}
		this.probes.add(new Probe(since(sent), step, kind, 60_000));
	}

	private static String event(String playback, int seq, String user, String video, String type, long position,
			Instant at, String ad) {
		return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"playbackId\":\"" + playback + "\",\"seq\":" + seq
				+ ",\"userId\":\"" + user + "\",\"videoId\":\"" + video + "\",\"type\":\"" + type + "\",\"positionMs\":"
				+ position + ",\"eventTime\":\"" + at + "\"" + ((ad != null) ? ",\"ad\":" + ad : "") + "}";
	}

	private String get(String url) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + this.operatorKey).build(),
				HttpResponse.BodyHandlers.ofString());
		return (response.statusCode() == 200) ? response.body() : "";
	}

	private static long sum(Pattern pattern, String body) {
		long sum = 0;
		Matcher matcher = pattern.matcher(body);
		while (matcher.find()) {
			sum += Long.parseLong(matcher.group(1));
		}
		return sum;
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

	private double since(long nanos) {
		return (nanos - this.benchmarkStart) / 1e9;
	}

	private void startServices(Path work) throws Exception {
		int[] ports = FreePorts.next(4);
		start("ingest-api", ports[0], "playback.ingest", null);
		start("session-aggregator", ports[1], "playback.aggregator", null,
				"--spring.kafka.streams.state-dir=" + work.resolve("aggregator-state"));
		start("royalty-service", ports[2], "playback.royalty", "royalty",
				"--playback.royalty.operator-key=" + this.operatorKey);
		start("ad-metrics-service", ports[3], "playback.admetrics", "admetrics",
				"--playback.admetrics.operator-key=" + this.operatorKey);
		for (Map.Entry<String, String> service : this.urls.entrySet()) {
			ServiceProcesses.awaitReady(service.getKey(), this.services.get(service.getKey()), service.getValue(),
					Duration.ofSeconds(180), this.infra.workDir().resolve(service.getKey() + ".log"));
		}
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

	private static void print(Step step) {
		StringBuilder cores = new StringBuilder();
		step.cores().forEach((name, value) -> cores.append(String.format(Locale.ROOT, " %s %.2f", name, value)));
		System.out.printf(Locale.ROOT,
				"step %d: %,d viewers sent %.0f events/s, %.0f/s accepted -> %s (%s) | 202 to progress p50 %.0f ms "
						+ "p99 %.0f ms, to usage p50 %.0f ms p99 %.0f ms, to ad report p50 %.0f ms p99 %.0f ms | cores:%s%n",
				step.index(), step.viewers(), step.offeredRate(), step.achievedRate(),
				step.keptUp() ? "kept up" : "did not keep up", step.why(), step.latencies().get("progress")[0],
				step.latencies().get("progress")[1], step.latencies().get("usage")[0], step.latencies().get("usage")[1],
				step.latencies().get("report")[0], step.latencies().get("report")[1], cores);
	}

	private static void summary(List<Step> steps, Step confirmed, int minutes) {
		System.out.println();
		if (confirmed == null) {
			System.out.println("No rate was held for " + minutes + " min; see the steps above.");
			return;
		}
		System.out.println("| figure | value |");
		System.out.println("|---|---|");
		System.out.printf(Locale.ROOT,
				"| highest rate held for %d min without growing lag | %.0f events/s accepted (%,d viewers watching, "
						+ "%.0f events/s sent) |%n",
				minutes, confirmed.achievedRate(), confirmed.viewers(), confirmed.offeredRate());
		for (String kind : List.of("progress", "usage", "report")) {
			double[] latency = confirmed.latencies().get(kind);
			System.out.printf(Locale.ROOT, "| 202 to %s, p50 / p99 (%d probes) | %.0f ms / %.0f ms |%n",
					kind.equals("report") ? "ad report" : kind.equals("usage") ? "statement usage" : "progress API",
					(int) latency[2], latency[0], latency[1]);
		}
		double total = confirmed.cores().values().stream().mapToDouble(Double::doubleValue).sum();
		StringBuilder cores = new StringBuilder();
		confirmed.cores().forEach((name, value) -> cores.append(String.format(Locale.ROOT, "%s %.2f, ", name, value)));
		System.out.printf(Locale.ROOT, "| CPU per component (cores) | %s total %.2f |%n", cores, total);
		System.out.println();
		System.out.println("Capacity model for 100,000 heartbeats/s (CPU scales with the rate measured here; a "
				+ "consumer thread keeps about one core busy, so a topic needs at least as many partitions as its "
				+ "consumers' cores):");
		System.out.println("| component | cores at 100k events/s | with 30% headroom | partitions needed |");
		System.out.println("|---|---|---|---|");
		double scale = 100_000 / confirmed.achievedRate();
		confirmed.cores().forEach((name, value) -> {
			if (!name.equals("simulator")) {
				double needed = Math.ceil(value * scale * 1.3);
				String partitions = switch (name) {
					case "session-aggregator" -> String.format(Locale.ROOT, "%s: %.0f", Topics.HEARTBEATS, needed);
					case "royalty-service", "ad-metrics-service" ->
						String.format(Locale.ROOT, "%s: %.0f", Topics.SESSIONS, needed);
					default -> "-";
				};
				System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %s |%n", name, value * scale, needed, partitions);
			}
		});
		List<Double> rates = steps.stream().map(Step::achievedRate).toList();
		System.out.println("(achieved rates per step: "
				+ rates.stream().map((r) -> String.format(Locale.ROOT, "%.0f", r)).toList() + ")");
	}

	private void writePlots(List<Step> steps, Path out) throws IOException {
		SvgChart throughput = new SvgChart("Heartbeats accepted per second (target rate per step dashed)", "events/s");
		List<double[]> accepted = new ArrayList<>();
		List<double[]> offered = new ArrayList<>();
		List<double[]> aggregatorLag = new ArrayList<>();
		List<double[]> royaltyLag = new ArrayList<>();
		List<double[]> adLag = new ArrayList<>();
		StringBuilder csv = new StringBuilder(
				"seconds,step,offered_per_s,accepted_per_s,lag_aggregator,lag_royalty,lag_admetrics\n");
		for (Sample sample : this.samples) {
			accepted.add(new double[] { sample.seconds(), sample.eventsPerSecond() });
			offered.add(new double[] { sample.seconds(), sample.offeredPerSecond() });
			aggregatorLag.add(new double[] { sample.seconds(), sample.lags().get("aggregator") });
			royaltyLag.add(new double[] { sample.seconds(), sample.lags().get("royalty") });
			adLag.add(new double[] { sample.seconds(), sample.lags().get("ad-metrics") });
			csv.append(String.format(Locale.ROOT, "%.1f,%d,%.0f,%.0f,%d,%d,%d%n", sample.seconds(), sample.step(),
					sample.offeredPerSecond(), sample.eventsPerSecond(), sample.lags().get("aggregator"),
					sample.lags().get("royalty"), sample.lags().get("ad-metrics")));
		}
		throughput.series("accepted events/s", accepted).series("sent by the viewers", offered);
		SvgChart lag = new SvgChart("Consumer lag (records behind)", "records")
			.series("aggregator (heartbeats)", aggregatorLag)
			.series("royalty (sessions)", royaltyLag)
			.series("ad-metrics (sessions)", adLag);
		SvgChart latency = new SvgChart("From a fresh viewer's 202 to its effect in each API", "ms");
		for (String kind : List.of("progress", "usage", "report")) {
			latency.series(kind,
					this.probes.stream()
						.filter((probe) -> probe.kind().equals(kind))
						.map((probe) -> new double[] { probe.seconds(), probe.millis() })
						.toList());
		}
		for (Step step : steps) {
			double at = this.samples.stream()
				.filter((sample) -> sample.step() == step.index())
				.mapToDouble(Sample::seconds)
				.min()
				.orElse(0) - SAMPLE.toSeconds();
			String label = String.format(Locale.ROOT, "%,d viewers", step.viewers());
			throughput.marker(at, label);
			lag.marker(at, label);
			latency.marker(at, label);
		}
		throughput.write(out.resolve("throughput.svg"));
		lag.write(out.resolve("lag.svg"));
		latency.write(out.resolve("latency.svg"));
		Files.writeString(out.resolve("samples.csv"), csv);
		StringBuilder probeCsv = new StringBuilder("seconds,step,kind,ms\n");
		this.probes.forEach((probe) -> probeCsv.append(String.format(Locale.ROOT, "%.1f,%d,%s,%.1f%n", probe.seconds(),
				probe.step(), probe.kind(), probe.millis())));
		Files.writeString(out.resolve("probes.csv"), probeCsv);
		System.out.println("Plots and samples: " + out.toAbsolutePath() + " (throughput.svg, lag.svg, latency.svg, "
				+ "samples.csv, probes.csv)");
	}

}
