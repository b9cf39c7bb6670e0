package dev.playback.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.playback.benchmarks.EndToEndBenchmark.Sample;
import dev.playback.benchmarks.EndToEndBenchmark.Step;
import dev.playback.benchmarks.FreshnessProbes.Probe;
import dev.playback.schemas.Topics;

/**
 * What the end-to-end benchmark prints and writes: a line per step, the summary table
 * with the capacity model, and the plots and samples under its output directory.
 */
final class EndToEndReport {

	private EndToEndReport() {
	}

	static void print(Step step) {
		StringBuilder cores = new StringBuilder();
		step.cores().forEach((name, value) -> cores.append(String.format(Locale.ROOT, " %s %.2f", name, value)));
		System.out.printf(Locale.ROOT,
				"step %d: %,d viewers sent %.0f events/s, %.0f/s accepted, %.0f revisions/s -> %s (%s) | 202 to progress p50 %.0f ms "
						+ "p99 %.0f ms, to usage p50 %.0f ms p99 %.0f ms, to ad report p50 %.0f ms p99 %.0f ms | cores:%s%n",
				step.index(), step.viewers(), step.offeredRate(), step.achievedRate(), step.revisionRate(),
				step.keptUp() ? "kept up" : "did not keep up", step.why(), step.latencies().get("progress")[0],
				step.latencies().get("progress")[1], step.latencies().get("usage")[0], step.latencies().get("usage")[1],
				step.latencies().get("report")[0], step.latencies().get("report")[1], cores);
	}

	static void summary(List<Step> steps, Step confirmed, int minutes) {
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
		List<Double> rates = steps.stream().map(Step::achievedRate).toList();
		System.out.println("(achieved rates per step: "
				+ rates.stream().map((r) -> String.format(Locale.ROOT, "%.0f", r)).toList() + ")");
	}

	/**
	 * The steps' rates and CPU as {@code steps.csv}, and the capacity model
	 * ({@code bench/capacity-model.properties}) against every step that kept up: its
	 * predictions beside the measured cores, one plot per component, and its sizing at
	 * 100,000 heartbeats/s.
	 * @param idle cores per process with the suite running and no traffic
	 */
	static void model(List<Step> steps, Map<String, Double> idle, Path out) throws IOException {
		StringBuilder csv = new StringBuilder("step,kept_up,heartbeats_per_s,revisions_per_s");
		List<String> components = new ArrayList<>(steps.get(0).cores().keySet());
		components.forEach((name) -> csv.append(",cores_").append(name));
		csv.append('\n').append("idle,true,0,0");
		components.forEach((name) -> csv.append(String.format(Locale.ROOT, ",%.4f", idle.getOrDefault(name, 0.0))));
		csv.append('\n');
		for (Step step : steps) {
			csv.append(String.format(Locale.ROOT, "%d,%s,%.1f,%.1f", step.index(), step.keptUp(), step.achievedRate(),
					step.revisionRate()));
			components.forEach((name) -> csv.append(String.format(Locale.ROOT, ",%.4f", step.cores().get(name))));
			csv.append('\n');
		}
		Files.writeString(out.resolve("steps.csv"), csv);
		Path inputs = Path.of("bench", "capacity-model.properties");
		if (!Files.exists(inputs)) {
			System.out
				.println("No " + inputs + " here: the capacity model is not checked (run from the repository root)");
			return;
		}
		CapacityModel model = CapacityModel.load(inputs);
		List<CapacityModel.Measured> measured = steps.stream()
			.filter(Step::keptUp)
			.map((step) -> new CapacityModel.Measured(step.achievedRate(), step.revisionRate(), step.cores()))
			.toList();
		double revisionsPerHeartbeat = CapacityModel.Measured.revisionsPerHeartbeat(measured);
		List<CapacityModel.Check> checks = model.check(measured);
		System.out.println();
		System.out.printf(Locale.ROOT,
				"Session revisions per heartbeat accepted, mean of the steps that kept up: %.3f%n",
				revisionsPerHeartbeat);
		CapacityModel.printChecks(checks);
		model.writePlots(checks, revisionsPerHeartbeat, out);
		System.out.println();
		model.printSizing(100_000);
	}

	static void writePlots(List<Step> steps, List<Sample> samples, List<Probe> probes, Path out, long sampleSeconds)
			throws IOException {
		SvgChart throughput = new SvgChart("Heartbeats accepted per second (target rate per step dashed)", "events/s");
		List<double[]> accepted = new ArrayList<>();
		List<double[]> offered = new ArrayList<>();
		List<double[]> aggregatorLag = new ArrayList<>();
		List<double[]> royaltyLag = new ArrayList<>();
		List<double[]> adLag = new ArrayList<>();
		StringBuilder csv = new StringBuilder(
				"seconds,step,offered_per_s,accepted_per_s,lag_aggregator,lag_royalty,lag_admetrics\n");
		for (Sample sample : samples) {
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
					probes.stream()
						.filter((probe) -> probe.kind().equals(kind))
						.map((probe) -> new double[] { probe.seconds(), probe.millis() })
						.toList());
		}
		for (Step step : steps) {
			double at = samples.stream()
				.filter((sample) -> sample.step() == step.index())
				.mapToDouble(Sample::seconds)
				.min()
				.orElse(0) - sampleSeconds;
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
		probes.forEach((probe) -> probeCsv.append(String.format(Locale.ROOT, "%.1f,%d,%s,%.1f%n", probe.seconds(),
				probe.step(), probe.kind(), probe.millis())));
		Files.writeString(out.resolve("probes.csv"), probeCsv);
		System.out.println("Plots and samples: " + out.toAbsolutePath() + " (throughput.svg, lag.svg, latency.svg, "
				+ "samples.csv, probes.csv)");
	}

}
