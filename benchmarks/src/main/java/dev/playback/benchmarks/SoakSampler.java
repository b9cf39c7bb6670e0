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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a soak watches, once a minute: each service's heap after a full GC (the sampler
 * asks each JVM for one with {@code jcmd <pid> GC.run}, then reads Micrometer's
 * {@code jvm_memory_used_bytes{area="heap"}}: what is still live, so a leak shows as a
 * rising line and garbage not yet collected does not), the aggregator's RocksDB size on
 * disk, the consumer lags, the sessions open, and the freshness probes' percentiles over
 * the minute. Prints a row per minute, writes {@code soak.csv} and plots. The
 * aggregator's live objects by class are kept at the first steady minute and at the end
 * ({@link HeapHistogram}): what grew between them is printed and both are written.
 */
final class SoakSampler {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$",
			Pattern.MULTILINE);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Map<String, String> urls;

	private final Map<String, Long> pids;

	private final Path rocksDb;

	private final Supplier<Map<String, Long>> lags;

	private final Supplier<List<FreshnessProbes.Probe>> probes;

	private final List<Minute> minutes = new ArrayList<>();

	/** The service whose live objects are counted by class. */
	private static final String HISTOGRAM_OF = "session-aggregator";

	/** The minute of the first histogram: the first after arrival and the JIT. */
	private static final int FIRST_STEADY_MINUTE = 3;

	private final Path out;

	private HeapHistogram early;

	/**
	 * One minute's figures.
	 *
	 * @param minute minutes since the soak began
	 * @param seconds seconds since the benchmark's start
	 * @param heapAfterGcMiB per service
	 * @param rocksDbMiB the aggregator's state on disk
	 * @param lags per consumer group
	 * @param openSessions sessions opened minus closed
	 * @param progressMillis p50, p99 of the 202-to-progress probes of the minute
	 */
	record Minute(int minute, double seconds, Map<String, Double> heapAfterGcMiB, double rocksDbMiB,
			Map<String, Long> lags, double openSessions, double[] progressMillis) {
	}

	SoakSampler(Map<String, String> urls, Map<String, Long> pids, Path rocksDb, Supplier<Map<String, Long>> lags,
			Supplier<List<FreshnessProbes.Probe>> probes, Path out) {
		this.out = out;
		this.urls = urls;
		this.pids = pids;
		this.rocksDb = rocksDb;
		this.lags = lags;
		this.probes = probes;
	}

	/** Takes one minute's sample; {@code seconds} since the benchmark's start. */
	Minute sample(double seconds) {
		Map<String, Double> heap = new LinkedHashMap<>();
		double openSessions = 0;
		for (Map.Entry<String, String> service : this.urls.entrySet()) {
			fullGc(this.pids.get(service.getKey()));
			Map<String, Double> metrics = scrape(service.getValue());
			heap.put(service.getKey(), metrics.getOrDefault("jvm_memory_used_bytes_heap", 0.0) / 1024 / 1024);
			if (service.getKey().equals("session-aggregator")) {
				openSessions = metrics.getOrDefault("sessions_opened_total", 0.0)
						- metrics.getOrDefault("sessions_closed_total", 0.0);
			}
		}
		List<Double> progress = this.probes.get()
			.stream()
			.filter((probe) -> probe.kind().equals("progress") && probe.seconds() > seconds - 60)
			.map(FreshnessProbes.Probe::millis)
			.sorted()
			.toList();
		Minute minute = new Minute(this.minutes.size() + 1, seconds, heap, bytes(this.rocksDb) / 1024.0 / 1024,
				this.lags.get(), openSessions,
				new double[] { Figures.percentile(progress, 0.5), Figures.percentile(progress, 0.99) });
		this.minutes.add(minute);
		if (minute.minute() == FIRST_STEADY_MINUTE && this.pids.containsKey(HISTOGRAM_OF)) {
			this.early = HeapHistogram.of(this.pids.get(HISTOGRAM_OF));
		}
		if (minute.minute() == 1) {
			System.out.printf(Locale.ROOT, "%6s %s %10s %10s %12s %12s %s%n", "minute",
					String.join(" ", heap.keySet().stream().map((name) -> String.format("%12.12s", name)).toList()),
					"rocksdb", "open", "progress p50", "progress p99", "lags");
		}
		System.out.printf(Locale.ROOT, "%6d %s %7.1f MiB %10.0f %9.0f ms %9.0f ms %s%n", minute.minute(),
				String.join(" ", heap.values().stream().map((mib) -> String.format("%8.1f MiB", mib)).toList()),
				minute.rocksDbMiB(), openSessions, minute.progressMillis()[0], minute.progressMillis()[1],
				minute.lags());
		return minute;
	}

	/**
	 * Flat within noise or not, per figure: the mean of the last third against the first
	 * third (after the first two minutes, which hold the viewers' arrival and the JIT).
	 */
	void summary() {
		List<Minute> steady = this.minutes.subList(Math.min(2, this.minutes.size()), this.minutes.size());
		if (steady.size() < 3) {
			System.out.println("soak: too short to judge (fewer than 5 minutes)");
			return;
		}
		int third = steady.size() / 3;
		List<Minute> first = steady.subList(0, third);
		List<Minute> last = steady.subList(steady.size() - third, steady.size());
		System.out.println("soak, first third -> last third of the steady minutes (mean):");
		for (String service : steady.get(0).heapAfterGcMiB().keySet()) {
			report("heap after GC, " + service + " (MiB)", mean(first, (m) -> m.heapAfterGcMiB().get(service)),
					mean(last, (m) -> m.heapAfterGcMiB().get(service)));
		}
		report("RocksDB on disk (MiB)", mean(first, Minute::rocksDbMiB), mean(last, Minute::rocksDbMiB));
		report("open sessions", mean(first, Minute::openSessions), mean(last, Minute::openSessions));
		for (String group : steady.get(0).lags().keySet()) {
			report("lag " + group + " (records)", mean(first, (m) -> (double) m.lags().get(group)),
					mean(last, (m) -> (double) m.lags().get(group)));
		}
		report("202 to progress p99 (ms)", mean(first, (m) -> m.progressMillis()[1]),
				mean(last, (m) -> m.progressMillis()[1]));
	}

	/**
	 * The aggregator's live objects now against the first steady minute's: the classes
	 * that grew most, printed; both histograms written beside the samples.
	 */
	void compareHistograms() throws IOException {
		if (this.early == null) {
			System.out.println(
					"soak: no histogram of the first steady minute (shorter than " + FIRST_STEADY_MINUTE + " minutes)");
			return;
		}
		HeapHistogram end = HeapHistogram.of(this.pids.get(HISTOGRAM_OF));
		int lastMinute = this.minutes.get(this.minutes.size() - 1).minute();
		Files.writeString(this.out.resolve(HISTOGRAM_OF + "-histogram-minute-" + FIRST_STEADY_MINUTE + ".txt"),
				this.early.text());
		Files.writeString(this.out.resolve(HISTOGRAM_OF + "-histogram-end.txt"), end.text());
		System.out.printf(Locale.ROOT,
				"%s live objects: %.1f MiB at minute %d, %.1f MiB at the end (after minute %d); grew most:%n",
				HISTOGRAM_OF, this.early.totalBytes() / 1024.0 / 1024, FIRST_STEADY_MINUTE,
				end.totalBytes() / 1024.0 / 1024, lastMinute);
		HeapHistogram.describe(end.grewSince(this.early, 20)).forEach(System.out::println);
	}

	/** The samples as {@code soak.csv} and the plots, beside the histograms. */
	void write() throws IOException {
		StringBuilder csv = new StringBuilder("minute,seconds");
		Minute any = this.minutes.get(0);
		any.heapAfterGcMiB().keySet().forEach((name) -> csv.append(",heap_after_gc_mib_").append(name));
		csv.append(",rocksdb_mib,open_sessions");
		any.lags().keySet().forEach((group) -> csv.append(",lag_").append(group));
		csv.append(",progress_p50_ms,progress_p99_ms\n");
		for (Minute minute : this.minutes) {
			csv.append(minute.minute()).append(',').append(String.format(Locale.ROOT, "%.0f", minute.seconds()));
			minute.heapAfterGcMiB().values().forEach((mib) -> csv.append(String.format(Locale.ROOT, ",%.1f", mib)));
			csv.append(String.format(Locale.ROOT, ",%.1f,%.0f", minute.rocksDbMiB(), minute.openSessions()));
			minute.lags().values().forEach((lag) -> csv.append(',').append(lag));
			csv.append(
					String.format(Locale.ROOT, ",%.0f,%.0f%n", minute.progressMillis()[0], minute.progressMillis()[1]));
		}
		Files.writeString(this.out.resolve("soak.csv"), csv);
		SvgChart heap = new SvgChart("Heap after GC per service, sampled each minute", "MiB");
		for (String service : any.heapAfterGcMiB().keySet()) {
			heap.series(service, points((m) -> m.heapAfterGcMiB().get(service)));
		}
		heap.write(this.out.resolve("soak-heap.svg"));
		new SvgChart("Aggregator state (RocksDB on disk) and sessions open", "MiB / thousands")
			.series("RocksDB MiB", points(Minute::rocksDbMiB))
			.series("open sessions (thousands)", points((m) -> m.openSessions() / 1000))
			.write(this.out.resolve("soak-state.svg"));
		SvgChart lag = new SvgChart("Consumer lag, sampled each minute", "records");
		for (String group : any.lags().keySet()) {
			lag.series(group, points((m) -> (double) m.lags().get(group)));
		}
		lag.write(this.out.resolve("soak-lag.svg"));
		new SvgChart("From a fresh viewer's 202 to the progress API, per minute", "ms")
			.series("p50", points((m) -> m.progressMillis()[0]))
			.series("p99", points((m) -> m.progressMillis()[1]))
			.write(this.out.resolve("soak-latency.svg"));
		System.out.println("Soak samples and plots: " + this.out.toAbsolutePath()
				+ " (soak.csv, soak-heap.svg, soak-state.svg, soak-lag.svg, soak-latency.svg)");
	}

	private List<double[]> points(Function<Minute, Double> value) {
		return this.minutes.stream().map((m) -> new double[] { m.seconds(), value.apply(m) }).toList();
	}

	private static double mean(List<Minute> minutes, Function<Minute, Double> value) {
		return minutes.stream().mapToDouble(value::apply).average().orElse(0);
	}

	private static void report(String what, double first, double last) {
		double change = (first == 0) ? 0 : 100 * (last - first) / first;
		System.out.printf(Locale.ROOT, "  %-48s %12.1f -> %12.1f (%+.0f%%)%n", what, first, last, change);
	}

	/**
	 * Sum of the metric samples by name (all label sets), from a Prometheus scrape; for
	 * {@code jvm_memory_used_bytes} also the heap's alone, as
	 * {@code jvm_memory_used_bytes_heap}.
	 */
	static Map<String, Double> parse(String exposition) {
		Map<String, Double> sums = new LinkedHashMap<>();
		Matcher matcher = SAMPLE.matcher(exposition);
		while (matcher.find()) {
			try {
				double value = Double.parseDouble(matcher.group(3));
				sums.merge(matcher.group(1), value, Double::sum);
				String labels = matcher.group(2);
				if (matcher.group(1).equals("jvm_memory_used_bytes") && labels != null
						&& labels.contains("area=\"heap\"")) {
					sums.merge("jvm_memory_used_bytes_heap", value, Double::sum);
				}
			}
			catch (NumberFormatException ex) {
				// NaN and the like: not a figure to add
			}
		}
		return sums;
	}

	/**
	 * A full collection in the JVM of {@code pid}, so that its heap holds only what is
	 * live.
	 */
	private static void fullGc(long pid) {
		ServiceProcesses.jcmd(pid, "GC.run", Duration.ofSeconds(30));
	}

	/** A service's metrics, summed over labels per name; empty when it cannot be read. */
	static Map<String, Double> scrape(String baseUrl) {
		try {
			HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
			return parse(answer.body());
		}
		catch (IOException ex) {
			return Map.of();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Map.of();
		}
	}

	private static long bytes(Path dir) {
		if (!Files.isDirectory(dir)) {
			return 0;
		}
		for (int attempt = 0;; attempt++) {
			try (Stream<Path> files = Files.walk(dir)) {
				return files.filter(Files::isRegularFile).mapToLong((file) -> file.toFile().length()).sum();
			}
			catch (IOException | UncheckedIOException ex) {
				// RocksDB removed a file while it was walked (compaction): walk again
				if (attempt == 5) {
					throw new IllegalStateException("Cannot size " + dir, ex);
				}
			}
		}
	}

}
