package dev.playback.localstack;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.playback.infra.FreePorts;
import dev.playback.infra.KafkaBroker;
import dev.playback.localstack.playerdemo.PlayerDemoServer;
import dev.playback.simulator.SimulatorCli;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar local-stack-exec.jar [--no-demo] [--first-port 8081]}: brings up the
 * servers, the four services, the portal, the player demo and demo traffic, prints where
 * everything is, and stops all of it on Ctrl-C. {@code simulate}, {@code verify} and
 * {@code simulator ...} (what simulator.sh runs) are the player simulator's commands.
 */
@Command(name = "run-local-stack.sh", mixinStandardHelpOptions = true,
		description = "The whole suite on this machine: Kafka, PostgreSQL and the schema registry as local servers, "
				+ "the services, the portal, the player demo and demo traffic. Ctrl-C stops everything.",
		footer = "%nThe player simulator: ./simulator.sh --help")
public final class Main implements Callable<Integer> {

	/** The demo's ground truth, for {@code ./simulator.sh verify}. */
	static final Path DEMO_TRUTH = Path.of("target", "demo-truth.json");

	@Option(names = "--no-demo", description = "no demo traffic (the simulator's viewers)")
	boolean noDemo;

	@Option(names = "--first-port", defaultValue = "8081",
			description = "the services take this port and the next ones when free, the player demo the one before "
					+ "(${DEFAULT-VALUE})")
	int firstPort;

	@Option(names = "--brokers", defaultValue = "1",
			description = "Kafka brokers: 1, or 3 or more for a cluster as production runs it (one controller, "
					+ "replication factor 3, min.insync.replicas 2) (${DEFAULT-VALUE})")
	int brokers;

	@Option(names = "--secured",
			description = "Kafka as production secures it: SASL/SCRAM, a user per service with deploy/kafka's ACLs "
					+ "(one broker)")
	boolean secured;

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && Set.of("simulate", "verify", "simulator").contains(args[0])) {
			System
				.exit(SimulatorCli.run(args[0].equals("simulator") ? Arrays.copyOfRange(args, 1, args.length) : args));
		}
		int status = new CommandLine(new Main()).execute(args);
		if (status != 0) {
			System.exit(status);
		}
	}

	@Override
	public Integer call() throws Exception {
		if (this.secured && this.brokers != 1) {
			throw new CommandLine.ParameterException(new CommandLine(this),
					"--secured runs one broker; a secured cluster is not offered locally yet");
		}
		LocalStack stack = this.secured ? LocalStack.startSecured(this.firstPort)
				: LocalStack.start(this.firstPort, this.brokers);
		PlayerDemoServer playerDemo = PlayerDemoServer.start(
				FreePorts.isFree(this.firstPort - 1) ? this.firstPort - 1 : 0, stack.url("ingest-api"),
				stack.url("session-aggregator"));
		Demo traffic = this.noDemo ? null : Demo.start(stack, DEMO_TRUTH.toAbsolutePath());
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
		System.out.println(banner(stack, playerDemo, !this.noDemo));
		stopped.await();
		return 0;
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
		if (infra.isSecured()) {
			text.append(String.format("  %-20s %s (SASL/SCRAM-SHA-512; user %s, password %s; a user per service)%n",
					"Kafka", infra.kafkaBootstrapServers(), KafkaBroker.ADMIN,
					infra.kafkaUsers().get(KafkaBroker.ADMIN)));
		}
		else {
			text.append(String.format("  %-20s %s%n", "Kafka", infra.kafkaBootstrapServers()));
		}
		text.append(String.format("  %-20s %s (ccompat: %s)%n", "Schema registry", infra.registry().url(),
				infra.registry().confluentCompatibleUrl()));
		text.append(String.format("  %-20s %s and %s (user %s, password %s)%n", "PostgreSQL",
				infra.postgres().jdbcUrl(LocalStack.ROYALTY_DATABASE),
				infra.postgres().jdbcUrl(LocalStack.AD_METRICS_DATABASE), infra.postgres().username(),
				infra.postgres().password()));
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
