package dev.playback.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.playback.infra.FreePorts;
import dev.playback.infra.KafkaBroker;
import dev.playback.infra.SchemaRegistryServer;
import dev.playback.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * {@code java -jar benchmarks-exec.jar ingest [repeats]}: ingest-api in its own JVM
 * against a local broker and registry, loaded by wrk over keep-alive connections, beside
 * the same HTTP server's ceiling and a Kafka producer alone on the same broker (the batch
 * path's reference, {@link KeyedReferenceProducer}; Kafka's ProducerPerformance beside it
 * once per repeat, as the earlier reference), in one run. Prints one row per repeat and
 * the medians.
 */
public final class IngestBenchmark {

	private static final int SECONDS = 15;

	private static final Pattern ACCEPTED_BY_CLASS = Pattern
		.compile("(?m)^heartbeats_accepted_total\\{[^}]*trafficClass=\"([A-Z_]+)\"[^}]*} ([0-9.Ee+]+)");

	/** Data-center ranges ingest is given, disjoint (not merged into fewer). */
	private static final int DATACENTER_RANGES = 20_000;

	/**
	 * Slices per measured pair (ceiling and single-event; batch and the keyed reference).
	 */
	private static final int SLICES = 3;

	private static final int SLICE_SECONDS = 5;

	private static final int CONNECTIONS = 64;

	private static final int BATCH = 50;

	private static final Pattern PERF = Pattern.compile("records sent, ([0-9.]+) records/sec");

	private IngestBenchmark() {
	}

	/**
	 * One repeat's figures.
	 *
	 * @param ceiling the HTTP server answering without Kafka
	 * @param single single-event requests
	 * @param batch batch-of-50 requests
	 * @param halfRate single-event requests offered at half the measured single-event
	 * rate, with the CPU the ingest JVM used meanwhile
	 * @param reference the keyed reference producer's records/s, in slices beside the
	 * batch ones
	 * @param producerPerformance Kafka's ProducerPerformance records/s (a fresh JVM,
	 * unkeyed)
	 * @param ingestCores CPU cores the ingest JVM used during the single-event run
	 * @param brokerCores CPU cores the broker used during the single-event run
	 * @param stackSingle each HTTP stack's no-op ceiling with single-event bodies, in
	 * slices beside ingest's single-event ones
	 * @param stackBatch each HTTP stack's no-op ceiling with batch bodies
	 */
	record Row(Wrk.Result ceiling, Wrk.Result single, Wrk.Result batch, HttpStacks.Measured halfRate, double reference,
			double producerPerformance, double ingestCores, double brokerCores,
			Map<String, HttpStacks.Measured> stackSingle, Map<String, HttpStacks.Measured> stackBatch) {

		/** The fastest stack's single-event ceiling. */
		String fastest() {
			return this.stackSingle.entrySet()
				.stream()
				.max(Comparator.comparingDouble((entry) -> entry.getValue().result().requestsPerSecond()))
				.orElseThrow()
				.getKey();
		}

	}

	static void run(int repeats) throws Exception {
		Path work = Files.createTempDirectory("playback-bench-ingest-");
		Path ingestJar = ServiceProcesses.execJar("ingest-api");
		int[] ports = FreePorts.next(5);
		try (KafkaBroker broker = KafkaBroker.start(work.resolve("kafka"), ports[0], ports[1]);
				SchemaRegistryServer registry = SchemaRegistryServer.start(work.resolve("registry"), ports[2],
						ports[3])) {
			createTopics(broker);
			// BENCH_INGEST_ARGS="--spring.kafka.producer.properties.linger.ms=10":
			// producer
			// settings among them apply to ProducerPerformance too
			List<String> tuning = ServiceProcesses.argumentsFrom("BENCH_INGEST_ARGS");
			List<String> producerSettings = IngestProducerSettings.of(tuning);
			System.out.println("producer settings of ingest-api and ProducerPerformance: " + producerSettings);
			Process ingest = startIngest(ingestJar, ports[4], broker, registry, work, tuning);
			try {
				String base = "http://127.0.0.1:" + ports[4];
				ServiceProcesses.awaitReady("ingest-api", ingest, base, Duration.ofSeconds(120),
						work.resolve("ingest.log"));
				try (HttpStacks stacks = HttpStacks.start(work);
						KeyedReferenceProducer reference = new KeyedReferenceProducer(broker.bootstrapServers(),
								registry.apiUrl(), producerSettings, BATCH, (CONNECTIONS / 2) * BATCH)) {
					run(repeats, base, ingest.pid(), broker, reference, stacks, new Wrk(work), producerSettings);
				}
			}
			finally {
				ingest.destroy();
				ingest.waitFor();
			}
		}
		finally {
			try (Stream<Path> files = Files.walk(work)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

	private static void run(int repeats, String base, long ingestPid, KafkaBroker broker,
			KeyedReferenceProducer reference, HttpStacks stacks, Wrk wrk, List<String> producerSettings)
			throws InterruptedException {
		String single = eventJson(0);
		StringBuilder batch = new StringBuilder("[");
		for (int seq = 0; seq < BATCH; seq++) {
			batch.append((seq > 0) ? "," : "").append(eventJson(seq));
		}
		String batchBody = batch.append(']').toString();
		int recordSize = reference.recordSize();
		System.out.printf(
				"ingest benchmark: %d slices of %d s per measured pair, %d keep-alive connections, wrk -t1; Avro record %d bytes%n",
				SLICES, SLICE_SECONDS, CONNECTIONS, recordSize);
		// the JIT needs well over a minute of load on 2 cores before the figures settle
		System.out.println("warming up for 180 s...");
		wrk.run(base + "/v1/heartbeats", single, CONNECTIONS, 60, 0);
		// the batch path kept speeding up through the repeats after 30 s of warm-up
		wrk.run(base + "/v1/heartbeats", batchBody, CONNECTIONS / 2, 60, 0);
		wrk.run(base + "/benchmark/accept-only", single, CONNECTIONS, 30, 0);
		stacks.warm(wrk, single, CONNECTIONS, 30);
		stacks.warm(wrk, batchBody, CONNECTIONS / 2, 15);
		reference.measure(Duration.ofSeconds(30));
		System.out.println("events accepted during warm-up, by traffic class: " + acceptedByTrafficClass(base));

		List<Row> rows = new ArrayList<>();
		for (int repeat = 1; repeat <= repeats; repeat++) {
			// each pair that makes a ratio is measured in alternating slices, so that the
			// shared machine's drift during a repeat falls on both sides of the ratio
			List<Wrk.Result> ceilings = new ArrayList<>();
			List<Wrk.Result> singles = new ArrayList<>();
			long singleTicks = 0;
			long brokerTicks = 0;
			long singleNanos = 0;
			Map<String, List<HttpStacks.Measured>> stackSingles = new LinkedHashMap<>();
			Map<String, List<HttpStacks.Measured>> stackBatches = new LinkedHashMap<>();
			for (int slice = 0; slice < SLICES; slice++) {
				ceilings.add(wrk.run(base + "/benchmark/accept-only", single, CONNECTIONS, SLICE_SECONDS, 0));
				long cpuBefore = ServiceProcesses.cpuTicks(ingestPid);
				long brokerBefore = ServiceProcesses.cpuTicks(broker.pid());
				long started = System.nanoTime();
				singles.add(wrk.run(base + "/v1/heartbeats", single, CONNECTIONS, SLICE_SECONDS, 0));
				singleTicks += ServiceProcesses.cpuTicks(ingestPid) - cpuBefore;
				brokerTicks += ServiceProcesses.cpuTicks(broker.pid()) - brokerBefore;
				singleNanos += System.nanoTime() - started;
				for (String stack : HttpStacks.STACKS) {
					stackSingles.computeIfAbsent(stack, (name) -> new ArrayList<>())
						.add(stacks.measure(stack, wrk, single, CONNECTIONS, SLICE_SECONDS));
				}
			}
			List<Wrk.Result> batches = new ArrayList<>();
			List<Double> keyed = new ArrayList<>();
			for (int slice = 0; slice < SLICES; slice++) {
				batches.add(wrk.run(base + "/v1/heartbeats", batchBody, CONNECTIONS / 2, SLICE_SECONDS, 0));
				keyed.add(reference.measure(Duration.ofSeconds(SLICE_SECONDS)));
				for (String stack : HttpStacks.STACKS) {
					stackBatches.computeIfAbsent(stack, (name) -> new ArrayList<>())
						.add(stacks.measure(stack, wrk, batchBody, CONNECTIONS / 2, SLICE_SECONDS));
				}
			}
			double perf = producerPerformance(broker, recordSize, producerSettings);
			Wrk.Result singleResult = Wrk.Result.of(singles);
			HttpStacks.Measured half = atRate(wrk, base + "/v1/heartbeats", single,
					singleResult.requestsPerSecond() / 2, ingestPid);
			Row row = new Row(Wrk.Result.of(ceilings), singleResult, Wrk.Result.of(batches), half,
					keyed.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), perf,
					singleTicks / 100.0 / (singleNanos / 1e9), brokerTicks / 100.0 / (singleNanos / 1e9),
					HttpStacks.merge(stackSingles), HttpStacks.merge(stackBatches));
			rows.add(row);
			print(repeat, row);
		}
		summary(rows);
	}

	/**
	 * Offers about {@code rate} requests/s: wrk pauses each connection between requests,
	 * so a short probe measures the time a request itself takes and the pause is set from
	 * it.
	 */
	private static HttpStacks.Measured atRate(Wrk wrk, String url, String body, double rate, long pid) {
		double cycleMillis = CONNECTIONS * 1000.0 / rate;
		int probeDelay = (int) Math.max(1, Math.round(cycleMillis));
		Wrk.Result probe = wrk.run(url, body, CONNECTIONS, 5, probeDelay);
		double requestMillis = Math.max(0, CONNECTIONS * 1000.0 / probe.requestsPerSecond() - probeDelay);
		int delay = (int) Math.max(1, Math.round(cycleMillis - requestMillis));
		return HttpStacks.Measured.of(pid, () -> wrk.run(url, body, CONNECTIONS, SECONDS, delay));
	}

	private static void print(int repeat, Row row) {
		System.out.printf(Locale.ROOT,
				"run %d: ceiling %.0f req/s | single %.0f req/s (%.0f%% of ceiling, p50 %.1f ms, p99 %.1f ms, %d failed, "
						+ "ingest %.2f cores, broker %.2f) | batch-50 %.0f events/s (%.0f%% of the keyed reference %.0f rec/s; "
						+ "ProducerPerformance %.0f rec/s; p99 %.1f ms, %d failed) | at half rate %.0f req/s: p50 %.1f ms, "
						+ "p99 %.1f ms%n",
				repeat, row.ceiling().requestsPerSecond(), row.single().requestsPerSecond(),
				100 * row.single().requestsPerSecond() / row.ceiling().requestsPerSecond(), row.single().p50Ms(),
				row.single().p99Ms(), row.single().failed(), row.ingestCores(), row.brokerCores(),
				row.batch().requestsPerSecond() * BATCH,
				100 * row.batch().requestsPerSecond() * BATCH / row.reference(), row.reference(),
				row.producerPerformance(), row.batch().p99Ms(), row.batch().failed(),
				row.halfRate().result().requestsPerSecond(), row.halfRate().result().p50Ms(),
				row.halfRate().result().p99Ms());
		StringBuilder stacks = new StringBuilder();
		row.stackSingle()
			.forEach((stack,
					measured) -> stacks.append(String.format(Locale.ROOT,
							" | %s: single %.0f req/s (%.1f us CPU each), batch-50 %.0f events/s", stack,
							measured.result().requestsPerSecond(), measured.microsPerRequest(),
							row.stackBatch().get(stack).result().requestsPerSecond() * BATCH)));
		System.out.printf(Locale.ROOT, "run %d, no-op ceilings of the HTTP stacks%s | ingest single = %.0f%% of %s's%n",
				repeat, stacks, 100 * row.single().requestsPerSecond()
						/ row.stackSingle().get(row.fastest()).result().requestsPerSecond(),
				row.fastest());
	}

	private static void summary(List<Row> rows) {
		double ceiling = Figures.median(rows.stream().map((row) -> row.ceiling().requestsPerSecond()).toList());
		double single = Figures.median(rows.stream().map((row) -> row.single().requestsPerSecond()).toList());
		double singleRatio = Figures.median(rows.stream()
			.map((row) -> row.single().requestsPerSecond() / row.ceiling().requestsPerSecond())
			.toList());
		double batchEvents = Figures
			.median(rows.stream().map((row) -> row.batch().requestsPerSecond() * BATCH).toList());
		double perf = Figures.median(rows.stream().map(Row::producerPerformance).toList());
		double reference = Figures.median(rows.stream().map(Row::reference).toList());
		double batchRatio = Figures
			.median(rows.stream().map((row) -> row.batch().requestsPerSecond() * BATCH / row.reference()).toList());
		double halfP99 = Figures.median(rows.stream().map((row) -> row.halfRate().result().p99Ms()).toList());
		double halfRate = Figures
			.median(rows.stream().map((row) -> row.halfRate().result().requestsPerSecond()).toList());
		double cores = Figures.median(rows.stream().map(Row::ingestCores).toList());
		double perCore = single / cores;
		double brokerMicros = Figures
			.median(rows.stream().map((row) -> row.brokerCores() * 1e6 / row.single().requestsPerSecond()).toList());
		System.out.println();
		System.out.println("| figure (median of " + rows.size() + " runs) | value |");
		System.out.println("|---|---|");
		System.out.printf(Locale.ROOT, "| HTTP ceiling (accept-only endpoint) | %.0f req/s |%n", ceiling);
		System.out.printf(Locale.ROOT, "| single-event requests | %.0f req/s = %.0f%% of the ceiling |%n", single,
				100 * singleRatio);
		System.out.printf(Locale.ROOT, "| batch-of-50 events | %.0f events/s = %.0f%% of the keyed reference |%n",
				batchEvents, 100 * batchRatio);
		System.out.printf(Locale.ROOT,
				"| keyed reference: one warmed producer, ingest's records, keys and settings, same in-flight window "
						+ "| %.0f records/s |%n",
				reference);
		System.out.printf(Locale.ROOT,
				"| Kafka ProducerPerformance (fresh JVM, unkeyed, the earlier reference), same record size | %.0f records/s |%n",
				perf);
		System.out.printf(Locale.ROOT, "| p99 at half the single-event rate (%.0f req/s achieved) | %.1f ms |%n",
				halfRate, halfP99);
		System.out.printf(Locale.ROOT, "| ingest CPU during single-event run | %.2f cores = %.0f req/s per core |%n",
				cores, perCore);
		for (String stack : HttpStacks.STACKS) {
			System.out.printf(Locale.ROOT,
					"| %s no-op ceiling: single-event req/s, CPU per request; batch-of-50 events/s | %.0f, %.1f us; %.0f |%n",
					stack,
					Figures.median(rows.stream()
						.map((row) -> row.stackSingle().get(stack).result().requestsPerSecond())
						.toList()),
					Figures
						.median(rows.stream().map((row) -> row.stackSingle().get(stack).microsPerRequest()).toList()),
					Figures.median(rows.stream()
						.map((row) -> row.stackBatch().get(stack).result().requestsPerSecond() * BATCH)
						.toList()));
		}
		System.out.printf(Locale.ROOT,
				"| single-event requests, %% of the fastest stack's no-op ceiling (per run: %s) | %.0f%% |%n",
				String.join(", ", rows.stream().map(Row::fastest).toList()),
				100 * Figures.median(rows.stream()
					.map((row) -> row.single().requestsPerSecond()
							/ row.stackSingle().get(row.fastest()).result().requestsPerSecond())
					.toList()));
		System.out.printf(Locale.ROOT,
				"| CPU per single-event request at saturation (the capacity model's inputs): ingest / broker | %.1f us / %.1f us |%n",
				1e6 / perCore, brokerMicros);
		System.out.printf(Locale.ROOT,
				"| ingest CPU per request at half the single-event rate (the model's check: within 20%% of the above) | %.1f us |%n",
				Figures.median(rows.stream().map((row) -> row.halfRate().microsPerRequest()).toList()));
	}

	/**
	 * ProducerPerformance with ingest-api's own producer settings (acks=all, idempotence,
	 * compression, linger, batch size: see {@link IngestProducerSettings}).
	 */
	private static double producerPerformance(KafkaBroker broker, int recordSize, List<String> producerSettings) {
		List<String> arguments = new ArrayList<>(List.of("--topic", "benchmark.producer-performance", "--num-records",
				"1500000", "--record-size", String.valueOf(recordSize), "--throughput", "-1", "--producer-props",
				"bootstrap.servers=" + broker.bootstrapServers()));
		arguments.addAll(producerSettings);
		String output = broker.runTool("org.apache.kafka.tools.ProducerPerformance", Duration.ofMinutes(5),
				arguments.toArray(String[]::new));
		// the last "records sent" line is the whole run's figure; earlier ones are
		// progress
		String figure = null;
		Matcher matcher = PERF.matcher(output);
		while (matcher.find()) {
			figure = matcher.group(1);
		}
		if (figure == null) {
			throw new IllegalStateException("No result from ProducerPerformance:\n" + output);
		}
		return Double.parseDouble(figure);
	}

	private static void createTopics(KafkaBroker broker) throws Exception {
		try (Admin admin = Admin
			.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
			admin
				.createTopics(List.of(Topics.spec(Topics.HEARTBEATS).toNewTopic(1),
						new NewTopic("benchmark.producer-performance", 12, (short) 1), new NewTopic(
								KeyedReferenceProducer.TOPIC, Topics.spec(Topics.HEARTBEATS).partitions(), (short) 1)))
				.all()
				.get();
		}
	}

	private static Process startIngest(Path jar, int port, KafkaBroker broker, SchemaRegistryServer registry, Path work,
			List<String> tuning) throws IOException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms1g", "-Xmx1g", "-jar",
						jar.toString(), "--server.port=" + port,
						"--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
						"--playback.ingest.schema-registry-url=" + registry.apiUrl(),
						"--playback.ingest.benchmark-endpoint-enabled=true", "--logging.level.root=WARN",
						"--spring.main.banner-mode=off", "--server.forward-headers-strategy=native",
						"--playback.ingest.traffic.datacenter-ranges-file=file:" + datacenterRanges(work)));
		if (!tuning.isEmpty()) {
			command.addAll(tuning);
			System.out.println("ingest-api arguments added: " + String.join(" ", tuning));
		}
		return new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(work.resolve("ingest.log").toFile())
			.start();
	}

	/**
	 * ingest-api's {@code heartbeats_accepted_total} by traffic class: the benchmark's
	 * requests are a browser's from outside every data-center range, so any invalid
	 * traffic means it measures another path than real players take.
	 */
	private static String acceptedByTrafficClass(String base) {
		Map<String, Double> counts = new TreeMap<>();
		Matcher matcher = ACCEPTED_BY_CLASS.matcher(get(base + "/actuator/prometheus"));
		while (matcher.find()) {
			counts.merge(matcher.group(1), Double.parseDouble(matcher.group(2)), Double::sum);
		}
		if (counts.entrySet().stream().anyMatch((count) -> !count.getKey().equals("VALID") && count.getValue() > 0)) {
			throw new IllegalStateException("Benchmark requests classified as invalid traffic: " + counts);
		}
		return counts.isEmpty() ? "none (an ingest-api before classification)" : counts.toString();
	}

	private static String get(String url) {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
				.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A data-center list as long as the public ones (tens of thousands of ranges), none
	 * of them the benchmark's client addresses: every request is looked up in all of it.
	 */
	private static Path datacenterRanges(Path work) throws IOException {
		List<String> ranges = new ArrayList<>(DATACENTER_RANGES);
		for (int i = 0; i < DATACENTER_RANGES; i++) {
			ranges.add("20." + (i / 256) + "." + (i % 256) + ".0/25");
		}
		return Files.write(work.resolve("datacenter-ranges.txt"), ranges);
	}

	private static String eventJson(int seq) {
		return String.format(Locale.ROOT,
				"{\"eventId\":\"%s\",\"playbackId\":\"bench-playback-USER\",\"seq\":%d,\"userId\":\"USER\","
						+ "\"videoId\":\"bench-video-1\",\"type\":\"%s\",\"positionMs\":%d,\"eventTime\":\"%s\"}",
				UUID.randomUUID(), seq, (seq == 0) ? "START" : "HEARTBEAT", seq * 5000L, Instant.now());
	}

}
