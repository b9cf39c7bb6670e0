package dev.playback.localstack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.playback.localstack.bench.AdMetricsBenchmark;
import dev.playback.localstack.bench.AggregatorBenchmark;
import dev.playback.localstack.bench.EndToEndBenchmark;
import dev.playback.localstack.bench.IngestBenchmark;
import dev.playback.localstack.bench.RoyaltyBenchmark;
import dev.playback.infra.FreePorts;
import dev.playback.localstack.playerdemo.PlayerDemoServer;
import dev.playback.simulator.SimulatorCli;

/**
 * {@code java -jar local-stack.jar [--no-demo] [--first-port=8081]}: brings up the
 * servers, the four services and demo traffic, prints where everything is, and stops all
 * of it on Ctrl-C.
 */
public final class Main {

	/**
	 * {@code java -jar local-stack.jar bench-<name> [arguments]}: a benchmark's main
	 * method.
	 */
	private interface Benchmark {

		void run(String[] args) throws Exception;

	}

	private static final Map<String, Benchmark> BENCHMARKS = Map.of("bench-ingest", IngestBenchmark::main,
			"bench-aggregator", AggregatorBenchmark::main, "bench-royalty", RoyaltyBenchmark::main, "bench-admetrics",
			AdMetricsBenchmark::main, "bench-e2e", EndToEndBenchmark::main, "simulate", Main::simulator, "verify",
			Main::simulator);

	/** The demo's ground truth, for {@code ./simulator.sh verify}. */
	static final Path DEMO_TRUTH = Path.of("target", "demo-truth.json");

	private Main() {
	}

	public static void main(String[] args) throws Exception {
		Benchmark command = (args.length > 0) ? BENCHMARKS.get(args[0]) : null;
		if (command != null) {
			command.run(args[0].startsWith("bench-") ? Arrays.copyOfRange(args, 1, args.length) : args);
			return;
		}
		List<String> options = List.of(args);
		boolean demo = !options.contains("--no-demo");
		int firstPort = options.stream()
			.filter((option) -> option.startsWith("--first-port="))
			.map((option) -> Integer.parseInt(option.substring("--first-port=".length())))
			.findFirst()
			.orElse(8081);

		LocalStack stack = LocalStack.start(firstPort);
		PlayerDemoServer playerDemo = PlayerDemoServer.start(FreePorts.isFree(firstPort - 1) ? firstPort - 1 : 0,
				stack.url("ingest-api"), stack.url("session-aggregator"));
		Demo traffic = demo ? Demo.start(stack, DEMO_TRUTH.toAbsolutePath()) : null;
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			System.out.println("\nStopping the local stack...");
			if (traffic != null) {
				traffic.close();
			}
			playerDemo.close();
			stack.close();
			System.out.println("Stopped.");
			stopped.countDown();
		}, "local-stack-shutdown"));
		System.out.println(banner(stack, playerDemo, demo));
		stopped.await();
	}

	private static void simulator(String[] args) throws Exception {
		System.exit(SimulatorCli.run(args));
	}

	static String banner(LocalStack stack, PlayerDemoServer playerDemo, boolean demo) {
		var infra = stack.infra();
		StringBuilder text = new StringBuilder("\n=== Playback analytics suite is up ===\n");
		text.append(String.format("  %-20s %s  (a clip with the web SDK attached, and your progress)%n", "Player demo",
				playerDemo.url()));
		stack.ports()
			.forEach((name,
					port) -> text.append(String.format(
							"  %-20s http://127.0.0.1:%d  (health: /actuator/health, metrics: /actuator/prometheus)%n",
							name, port)));
		text.append(String.format("  %-20s %s%n", "Kafka", infra.kafkaBootstrapServers()));
		text.append(String.format("  %-20s %s (ccompat: %s)%n", "Schema registry", infra.registry().url(),
				infra.registry().confluentCompatibleUrl()));
		text.append(String.format("  %-20s %s and %s (user %s)%n", "PostgreSQL",
				infra.postgres().jdbcUrl(LocalStack.ROYALTY_DATABASE),
				infra.postgres().jdbcUrl(LocalStack.AD_METRICS_DATABASE), infra.postgres().username()));
		text.append(String.format("  %-20s %s (Authorization: Bearer ..., royalty and ad-metrics admin APIs)%n",
				"Operator key", stack.operatorKey()));
		text.append(String.format("  %-20s %s%n", "Work directory", stack.workDir()));
		text.append(
				demo ? "  Demo traffic: on (--no-demo turns it off): 200 simulated viewers' last two hours, then live "
						+ "viewers;\n  once the demo prints its summary, check the services against its ground truth with\n  "
						+ Demo.verifyCommand(stack, DEMO_TRUTH.toAbsolutePath()) + "\n" : "  Demo traffic: off\n");
		text.append("Ctrl-C stops everything.\n");
		return text.toString();
	}

}
