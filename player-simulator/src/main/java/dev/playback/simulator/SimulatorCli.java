package dev.playback.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The simulator's commands.
 *
 * <pre>
 * simulate [--viewers 200] [--hours 2] [--seed 1] [--prefix ID] [--network imperfect|perfect]
 *          [--real-time] [--rate EVENTS_PER_S] [--connections 8] [--truth sim-truth.json]
 *          [--ingest URL] [--royalty URL] [--ad-metrics URL] --operator-key KEY
 * verify   [--truth sim-truth.json] [--wait SECONDS] [--aggregator URL] [--royalty URL]
 *          [--ad-metrics URL] --operator-key KEY
 * </pre>
 *
 * {@code simulate} puts the catalog in place, sends the viewers' events (virtual time by
 * default: the simulated hours end 15 minutes ago and are sent as fast as {@code --rate}
 * allows; {@code --real-time} starts them now and sends each when its time comes) and
 * writes the ground truth. {@code verify} compares the truth with the services' answers
 * and exits 1 listing every difference. URLs default to the local stack's ports.
 */
public final class SimulatorCli {

	private SimulatorCli() {
	}

	public static void main(String[] args) throws Exception {
		System.exit(run(args));
	}

	/** Runs a command; the exit status. */
	public static int run(String[] args) throws Exception {
		if (args.length == 0 || !List.of("simulate", "verify").contains(args[0])) {
			System.err.println("usage: simulate|verify [--option value ...] (see the README)");
			return 2;
		}
		Map<String, String> options = options(args);
		String operatorKey = options.get("operator-key");
		if (operatorKey == null) {
			System.err.println("--operator-key is required (the local stack prints it)");
			return 2;
		}
		Path truthFile = Path.of(options.getOrDefault("truth", "sim-truth.json"));
		String royalty = options.getOrDefault("royalty", "http://127.0.0.1:8083");
		String adMetrics = options.getOrDefault("ad-metrics", "http://127.0.0.1:8084");
		if (args[0].equals("simulate")) {
			Scenario scenario = scenario(options);
			Simulation simulation = new Simulation(scenario);
			simulation.applyCatalog(royalty, adMetrics, operatorKey);
			System.out.printf("simulating %d viewers over %s from %s: %,d events in %,d requests%n", scenario.viewers(),
					scenario.duration(), scenario.start(), simulation.plannedEvents(), simulation.requestCount());
			Simulation.Result result = simulation.run(options.getOrDefault("ingest", "http://127.0.0.1:8081"),
					options.containsKey("real-time"), Double.parseDouble(options.getOrDefault("rate", "0")),
					Integer.parseInt(options.getOrDefault("connections", "8")), System.out::println);
			result.truth().write(truthFile);
			System.out.println(summary(result, truthFile));
			return result.rejected().isEmpty() ? 0 : 1;
		}
		GroundTruth truth = GroundTruth.read(truthFile);
		Verifier verifier = new Verifier(new Verifier.Endpoints(
				options.getOrDefault("aggregator", "http://127.0.0.1:8082"), royalty, adMetrics, operatorKey));
		List<String> differences = verifier.verify(truth,
				Duration.ofSeconds(Long.parseLong(options.getOrDefault("wait", "60"))));
		System.out.println(verdict(truth, differences));
		return differences.isEmpty() ? 0 : 1;
	}

	/** One run's figures and where its truth went. */
	public static String summary(Simulation.Result result, Path truthFile) {
		StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
				"sent %,d requests in %.1f s: %,d events accepted (%,.0f/s), %,d distinct, %d retries, "
						+ "request p50 %.1f ms, p99 %.1f ms; %,d sessions of %,d users; truth in %s",
				result.requests(), result.seconds(), result.eventsAccepted(),
				result.eventsAccepted() / result.seconds(), result.truth().events(), result.retries(), result.p50Ms(),
				result.p99Ms(), result.truth().sessions().values().stream().mapToInt(List::size).sum(),
				result.truth().sessions().size(), truthFile));
		if (!result.rejected().isEmpty()) {
			text.append(String.format("%n%d requests were not accepted:%n", result.rejected().size()));
			result.rejected().stream().limit(20).forEach((line) -> text.append("  ").append(line).append('\n'));
		}
		return text.toString();
	}

	/** What verify prints: a line when all agree, else every difference. */
	public static String verdict(GroundTruth truth, List<String> differences) {
		int sessions = truth.sessions().values().stream().mapToInt(List::size).sum();
		String checked = String.format("%,d sessions of %,d users, %d statements, %d ad report rows", sessions,
				truth.sessions().size(), truth.statements().size(), truth.adRows().size());
		if (differences.isEmpty()) {
			return "verify: OK, the services agree with the ground truth on " + checked;
		}
		StringBuilder text = new StringBuilder(
				String.format("verify: %d differences (checked %s):%n", differences.size(), checked));
		differences.forEach((difference) -> text.append("  ").append(difference).append('\n'));
		return text.toString();
	}

	static Scenario scenario(Map<String, String> options) {
		Duration duration = Duration.ofMinutes(Math.round(Double.parseDouble(options.getOrDefault("hours", "2")) * 60));
		boolean realTime = options.containsKey("real-time");
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		// virtual time ends 15 min ago: every eventTime is in the past even with clock
		// skew
		Instant start = realTime ? now : now.minus(duration).minus(Duration.ofMinutes(15));
		Scenario.Network network = "perfect".equals(options.get("network")) ? Scenario.Network.perfect()
				: Scenario.Network.imperfect();
		// by default each run has ids of its own (the start time is part of the
		// scenario):
		// a second run with the same ids would be de-duplicated against the first
		String prefix = options.getOrDefault("prefix", "sim" + Long.toString(start.getEpochSecond(), 36));
		return new Scenario(Long.parseLong(options.getOrDefault("seed", "1")), prefix,
				Integer.parseInt(options.getOrDefault("viewers", "200")), start, duration, network);
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (int i = 1; i < args.length; i++) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("Not an option: " + args[i]);
			}
			String name = args[i].substring(2);
			if (name.equals("real-time")) {
				options.put(name, "true");
			}
			else if (i + 1 < args.length) {
				options.put(name, args[++i]);
			}
			else {
				throw new IllegalArgumentException("--" + name + " needs a value");
			}
		}
		return options;
	}

}
