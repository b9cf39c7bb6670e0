package dev.playback.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The capacity model: each component's CPU is a fixed cost per instance (what it spends
 * each second whatever the rate, measured with no or little load) plus a marginal cost
 * per heartbeat and per session revision, measured with that component alone saturated
 * (its input produced beforehand). The figures and where each was measured are in
 * {@code bench/capacity-model.properties}; this class only does the arithmetic: the cores
 * each component needs at a rate, the instances at peak, and the check of the model's
 * predictions against what the end-to-end benchmark measured.
 */
public final class CapacityModel {

	/** The components the model sizes, in the order they are printed. */
	static final List<String> COMPONENTS = List.of("ingest-api", "session-aggregator", "royalty-service",
			"ad-metrics-service", "kafka", "postgres");

	/** How far a measured figure may be from the prediction for the model to hold. */
	static final double TOLERANCE = 0.20;

	private final Map<String, Cost> costs;

	private final double revisionsPerHeartbeat;

	private final double headroom;

	/**
	 * One component's costs.
	 *
	 * @param fixedCores cores per instance per second whatever the rate
	 * @param microsPerHeartbeat CPU microseconds per heartbeat accepted
	 * @param microsPerRevision CPU microseconds per session revision written
	 * @param fixedCoresPerAggregator cores per aggregator instance (the broker's work for
	 * its transactions, paid whatever the rate)
	 * @param instanceCores cores of one instance at peak (a pod's CPU request); 0 for a
	 * fixed count of instances
	 * @param minInstances instances at least (or exactly, when {@code instanceCores} is
	 * 0)
	 */
	record Cost(double fixedCores, double microsPerHeartbeat, double microsPerRevision, double fixedCoresPerAggregator,
			double instanceCores, int minInstances) {

		/** Cores at a rate, with {@code instances} of it and {@code aggregators}. */
		double cores(double heartbeatsPerSecond, double revisionsPerSecond, int instances, int aggregators) {
			return instances * this.fixedCores + aggregators * this.fixedCoresPerAggregator
					+ marginal(heartbeatsPerSecond, revisionsPerSecond);
		}

		double marginal(double heartbeatsPerSecond, double revisionsPerSecond) {
			return (heartbeatsPerSecond * this.microsPerHeartbeat + revisionsPerSecond * this.microsPerRevision) / 1e6;
		}

	}

	/**
	 * A component at a rate.
	 *
	 * @param component its name
	 * @param instances how many
	 * @param cores the cores the model gives it
	 */
	public record Sizing(String component, int instances, double cores) {
	}

	/**
	 * The model against one end-to-end step.
	 *
	 * @param component its name
	 * @param heartbeatsPerSecond the step's accepted heartbeats
	 * @param predicted cores by the model (one instance of everything)
	 * @param measured cores measured
	 */
	record Check(String component, double heartbeatsPerSecond, double predicted, double measured) {

		double ratio() {
			return this.measured / this.predicted;
		}

		boolean holds() {
			return Math.abs(ratio() - 1) <= TOLERANCE;
		}

	}

	/**
	 * What an end-to-end step measured.
	 *
	 * @param heartbeatsPerSecond heartbeats accepted per second
	 * @param revisionsPerSecond session revisions applied per second
	 * @param cores cores per component
	 */
	record Measured(double heartbeatsPerSecond, double revisionsPerSecond, Map<String, Double> cores) {

		/** Session revisions per heartbeat, the mean over steps. */
		static double revisionsPerHeartbeat(List<Measured> steps) {
			return steps.stream()
				.mapToDouble((step) -> step.revisionsPerSecond() / step.heartbeatsPerSecond())
				.average()
				.orElse(0);
		}

	}

	CapacityModel(Map<String, Cost> costs, double revisionsPerHeartbeat, double headroom) {
		this.costs = costs;
		this.revisionsPerHeartbeat = revisionsPerHeartbeat;
		this.headroom = headroom;
	}

	public static CapacityModel load(Path file) throws IOException {
		Properties properties = new Properties();
		try (Reader in = Files.newBufferedReader(file)) {
			properties.load(in);
		}
		Map<String, Cost> costs = new LinkedHashMap<>();
		for (String component : COMPONENTS) {
			costs.put(component,
					new Cost(number(properties, component + ".fixedCores", 0),
							number(properties, component + ".microsPerHeartbeat", 0),
							number(properties, component + ".microsPerRevision", 0),
							number(properties, component + ".fixedCoresPerAggregator", 0),
							number(properties, component + ".instanceCores", 0),
							(int) number(properties, component + ".minInstances", 1)));
		}
		return new CapacityModel(costs, number(properties, "revisionsPerHeartbeat", Double.NaN),
				number(properties, "headroom", Double.NaN));
	}

	private static double number(Properties properties, String key, double otherwise) {
		String value = properties.getProperty(key);
		if (value == null) {
			if (Double.isNaN(otherwise)) {
				throw new IllegalArgumentException("The capacity model needs " + key);
			}
			return otherwise;
		}
		return Double.parseDouble(value.trim());
	}

	/**
	 * Every component at {@code heartbeatsPerSecond}: as many instances of each scaled
	 * service as keep its marginal work, with the headroom, within its instances' cores
	 * (at least its minimum), then the fixed cost of that many instances on top.
	 */
	public List<Sizing> size(double heartbeatsPerSecond) {
		double revisions = heartbeatsPerSecond * this.revisionsPerHeartbeat;
		int aggregators = instances(this.costs.get("session-aggregator"), heartbeatsPerSecond, revisions);
		List<Sizing> sizes = new ArrayList<>();
		this.costs.forEach((component, cost) -> {
			int instances = instances(cost, heartbeatsPerSecond, revisions);
			sizes.add(new Sizing(component, instances,
					cost.cores(heartbeatsPerSecond, revisions, instances, aggregators)));
		});
		return sizes;
	}

	private int instances(Cost cost, double heartbeatsPerSecond, double revisions) {
		if (cost.instanceCores() <= 0) {
			return cost.minInstances();
		}
		double needed = cost.marginal(heartbeatsPerSecond, revisions) * this.headroom;
		return Math.max(cost.minInstances(), (int) Math.ceil(needed / (cost.instanceCores() - cost.fixedCores())));
	}

	public double headroom() {
		return this.headroom;
	}

	/**
	 * The model's prediction for one end-to-end step (one instance of each service and
	 * one broker, as the benchmark runs them) against what it measured.
	 * @param heartbeatsPerSecond heartbeats accepted per second in the step
	 * @param revisionsPerSecond session revisions applied per second in the step
	 * @param measured cores per component in the step
	 */
	List<Check> check(double heartbeatsPerSecond, double revisionsPerSecond, Map<String, Double> measured) {
		List<Check> checks = new ArrayList<>();
		this.costs.forEach((component, cost) -> {
			Double cores = measured.get(component);
			if (cores != null) {
				checks.add(new Check(component, heartbeatsPerSecond,
						cost.cores(heartbeatsPerSecond, revisionsPerSecond, 1, 1), cores));
			}
		});
		return checks;
	}

	/** The checks of every measured step. */
	List<Check> check(List<Measured> steps) {
		List<Check> checks = new ArrayList<>();
		steps.forEach(
				(step) -> checks.addAll(check(step.heartbeatsPerSecond(), step.revisionsPerSecond(), step.cores())));
		return checks;
	}

	/**
	 * The steps that kept up from an end-to-end run's {@code steps.csv} (its header names
	 * the columns: {@code kept_up}, {@code heartbeats_per_s}, {@code revisions_per_s},
	 * {@code cores_<component>}; the {@code idle} row is left out).
	 */
	static List<Measured> readSteps(Path csv) throws IOException {
		List<String> lines = Files.readAllLines(csv);
		List<String> header = List.of(lines.get(0).split(","));
		List<Measured> steps = new ArrayList<>();
		for (String line : lines.subList(1, lines.size())) {
			String[] fields = line.split(",");
			if (fields[0].equals("idle") || !Boolean.parseBoolean(fields[header.indexOf("kept_up")])) {
				continue;
			}
			Map<String, Double> cores = new LinkedHashMap<>();
			for (int i = 0; i < header.size(); i++) {
				if (header.get(i).startsWith("cores_")) {
					cores.put(header.get(i).substring("cores_".length()), Double.parseDouble(fields[i]));
				}
			}
			steps.add(new Measured(Double.parseDouble(fields[header.indexOf("heartbeats_per_s")]),
					Double.parseDouble(fields[header.indexOf("revisions_per_s")]), cores));
		}
		return steps;
	}

	/** The sizing at {@code heartbeatsPerSecond} as a Markdown table. */
	void printSizing(double heartbeatsPerSecond) {
		List<Sizing> sizes = size(heartbeatsPerSecond);
		System.out.printf(Locale.ROOT, "Capacity model at %,.0f heartbeats/s (%.2f session revisions per heartbeat):%n",
				heartbeatsPerSecond, this.revisionsPerHeartbeat);
		System.out.println("| component | fixed cores per instance | marginal us per heartbeat | instances | cores | "
				+ "with " + Math.round((this.headroom - 1) * 100) + "% headroom |");
		System.out.println("|---|---|---|---|---|---|");
		double total = 0;
		for (Sizing size : sizes) {
			Cost cost = this.costs.get(size.component());
			double perHeartbeat = cost.microsPerHeartbeat() + this.revisionsPerHeartbeat * cost.microsPerRevision();
			String fixed = String.format(Locale.ROOT, "%.3f", cost.fixedCores()) + ((cost.fixedCoresPerAggregator() > 0)
					? String.format(Locale.ROOT, " + %.3f per aggregator", cost.fixedCoresPerAggregator()) : "");
			System.out.printf(Locale.ROOT, "| %s | %s | %.1f | %d | %.2f | %.2f |%n", size.component(), fixed,
					perHeartbeat, size.instances(), size.cores(), size.cores() * this.headroom);
			total += size.cores();
		}
		System.out.printf(Locale.ROOT, "| **all** | | | | **%.1f** | **%.1f** |%n", total, total * this.headroom);
	}

	/** The checks as a Markdown table, and whether all of them hold. */
	static boolean printChecks(List<Check> checks) {
		System.out.printf(Locale.ROOT, "The model against the end-to-end steps (holds within %.0f%%):%n",
				TOLERANCE * 100);
		System.out.println("| heartbeats/s | component | predicted cores | measured cores | measured / predicted |");
		System.out.println("|---|---|---|---|---|");
		boolean all = true;
		for (Check check : checks) {
			System.out.printf(Locale.ROOT, "| %.0f | %s | %.3f | %.3f | %.2f%s |%n", check.heartbeatsPerSecond(),
					check.component(), check.predicted(), check.measured(), check.ratio(),
					check.holds() ? "" : " (outside)");
			all &= check.holds();
		}
		return all;
	}

	/**
	 * One chart per component: the model's line over the rates the steps covered and the
	 * measured points.
	 */
	void writePlots(List<Check> checks, double revisionsPerHeartbeat, Path out) throws IOException {
		double maxRate = checks.stream().mapToDouble(Check::heartbeatsPerSecond).max().orElse(1);
		for (String component : COMPONENTS) {
			Cost cost = this.costs.get(component);
			List<double[]> model = new ArrayList<>();
			for (int i = 0; i <= 20; i++) {
				double rate = maxRate * 1.2 * i / 20;
				model.add(new double[] { rate, cost.cores(rate, rate * revisionsPerHeartbeat, 1, 1) });
			}
			List<double[]> measured = checks.stream()
				.filter((check) -> check.component().equals(component))
				.sorted(Comparator.comparingDouble(Check::heartbeatsPerSecond))
				.map((check) -> new double[] { check.heartbeatsPerSecond(), check.measured() })
				.toList();
			if (!measured.isEmpty()) {
				new SvgChart(component + ": the capacity model against the end-to-end steps", "cores",
						"heartbeats accepted per second")
					.series("model: fixed + marginal x rate", model)
					.series("measured (end-to-end steps)", measured)
					.write(out.resolve("capacity-" + component + ".svg"));
			}
		}
	}

}
