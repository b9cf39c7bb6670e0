package dev.playback.simulator;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The simulator's commands: {@code simulate} puts the catalog in place, sends the
 * viewers' events (virtual time by default: the simulated hours end 15 minutes ago and
 * are sent as fast as {@code --rate} allows; {@code --real-time} starts them now and
 * sends each when its time comes) and writes the ground truth; {@code verify} compares
 * the truth with the services' answers and exits 1 listing every difference. URLs default
 * to the local stack's ports. Unknown options are refused with a message (exit 2).
 */
@Command(name = "simulator.sh", subcommands = { SimulatorCli.Simulate.class, SimulatorCli.Verify.class },
		description = "Simulated viewers for a running suite, and the check of the suite against their ground truth.")
public final class SimulatorCli implements Callable<Integer> {

	@Option(names = { "-h", "--help" }, usageHelp = true, description = "this help, with every command's options")
	boolean help;

	@Spec
	CommandSpec spec;

	SimulatorCli() {
	}

	public static void main(String[] args) {
		System.exit(run(args));
	}

	/** Runs a command; the exit status (2 for options it cannot take). */
	public static int run(String... args) {
		CommandLine commands = new CommandLine(new SimulatorCli());
		commands.setUsageHelpAutoWidth(true);
		if (args.length == 1 && List.of("-h", "--help").contains(args[0])) {
			usage(commands, new PrintWriter(System.out, true));
			return 0;
		}
		return commands.execute(args);
	}

	/** The commands' usage, all of it. */
	static void usage(CommandLine commands, PrintWriter out) {
		commands.usage(out);
		for (CommandLine command : commands.getSubcommands().values()) {
			out.println();
			command.usage(out);
		}
	}

	@Override
	public Integer call() {
		PrintWriter err = this.spec.commandLine().getErr();
		err.println("Name a command: simulate or verify.");
		err.println();
		usage(this.spec.commandLine(), err);
		return 2;
	}

	/** Where the services are, and the operator's key. */
	static final class Services {

		@Option(names = "--operator-key", required = true, paramLabel = "KEY",
				description = "the operator's key (the local stack prints it)")
		String operatorKey;

		@Option(names = "--royalty", defaultValue = "http://127.0.0.1:8083", paramLabel = "URL",
				description = "royalty-service (${DEFAULT-VALUE})")
		String royalty;

		@Option(names = "--ad-metrics", defaultValue = "http://127.0.0.1:8084", paramLabel = "URL",
				description = "ad-metrics-service (${DEFAULT-VALUE})")
		String adMetrics;

		@Option(names = "--truth", defaultValue = "sim-truth.json", paramLabel = "FILE",
				description = "the ground truth file (${DEFAULT-VALUE})")
		Path truth;

	}

	@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
			description = "Send simulated viewers' events to ingest-api and write their ground truth.")
	static final class Simulate implements Callable<Integer> {

		@Mixin
		Services services;

		@Option(names = "--viewers", defaultValue = "200", description = "how many viewers (${DEFAULT-VALUE})")
		int viewers;

		@Option(names = "--hours", defaultValue = "2", description = "how many hours they watch (${DEFAULT-VALUE})")
		double hours;

		@Option(names = "--seed", defaultValue = "1",
				description = "the same seed sends the same events (${DEFAULT-VALUE})")
		long seed;

		@Option(names = "--prefix", paramLabel = "ID",
				description = "every id starts with it (default: sim and the start time in base 36)")
		String prefix;

		@Option(names = "--network", defaultValue = "imperfect",
				description = "imperfect (lost, duplicated, delayed, batched events) or perfect (${DEFAULT-VALUE})")
		String network;

		@Option(names = "--real-time", description = "start now and send each event when its time comes")
		boolean realTime;

		@Option(names = "--rate", defaultValue = "0", paramLabel = "EVENTS_PER_S",
				description = "most events a second, 0 for as fast as the connections go (${DEFAULT-VALUE})")
		double rate;

		@Option(names = "--connections", defaultValue = "8", description = "HTTP connections (${DEFAULT-VALUE})")
		int connections;

		@Option(names = "--ingest", defaultValue = "http://127.0.0.1:8081", paramLabel = "URL",
				description = "ingest-api (${DEFAULT-VALUE})")
		String ingest;

		@Option(names = "--bots",
				description = "a share of the viewers are bots (declared agents, data-center addresses in "
						+ Scenario.Audience.DATACENTER_RANGE + " via X-Forwarded-For, replay bots): ingest-api must "
						+ "trust this machine as a proxy and count that range as a data center, as the local stack "
						+ "does")
		boolean bots;

		@Spec
		CommandSpec spec;

		@Override
		public Integer call() throws Exception {
			if (!List.of("perfect", "imperfect").contains(this.network)) {
				throw new CommandLine.ParameterException(this.spec.commandLine(),
						"--network is perfect or imperfect, not " + this.network);
			}
			Scenario scenario = scenario(Instant.now().truncatedTo(ChronoUnit.SECONDS));
			Simulation simulation = new Simulation(scenario);
			simulation.applyCatalog(this.services.royalty, this.services.adMetrics, this.services.operatorKey);
			System.out.printf("simulating %d viewers over %s from %s: %,d events in %,d requests%n", scenario.viewers(),
					scenario.duration(), scenario.start(), simulation.plannedEvents(), simulation.requestCount());
			Simulation.Result result = simulation.run(this.ingest, this.realTime, this.rate, this.connections,
					System.out::println);
			result.truth().write(this.services.truth);
			System.out.println(summary(result, this.services.truth));
			return result.rejected().isEmpty() ? 0 : 1;
		}

		Scenario scenario(Instant now) {
			Duration duration = Duration.ofMinutes(Math.round(this.hours * 60));
			// virtual time ends 15 min ago: every eventTime is in the past even with
			// clock skew
			Instant start = this.realTime ? now : now.minus(duration).minus(Duration.ofMinutes(15));
			Scenario.Network network = "perfect".equals(this.network) ? Scenario.Network.perfect()
					: Scenario.Network.imperfect();
			// by default each run has ids of its own (the start time is part of the
			// scenario): a second run with the same ids would be de-duplicated against
			// the first
			String ids = (this.prefix != null) ? this.prefix : "sim" + Long.toString(start.getEpochSecond(), 36);
			Scenario scenario = new Scenario(this.seed, ids, this.viewers, start, duration, network);
			return this.bots ? scenario.with(Scenario.Audience.withBots()) : scenario;
		}

	}

	@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
			description = "Compare the services' sessions, statements and ad reports with the ground truth; exit 1 "
					+ "listing every difference.")
	static final class Verify implements Callable<Integer> {

		@Mixin
		Services services;

		@Option(names = "--wait", defaultValue = "60", paramLabel = "SECONDS",
				description = "how long to wait for the services to agree (${DEFAULT-VALUE})")
		long waitSeconds;

		@Option(names = "--aggregator", defaultValue = "http://127.0.0.1:8082", paramLabel = "URL",
				description = "session-aggregator (${DEFAULT-VALUE})")
		String aggregator;

		@Override
		public Integer call() throws Exception {
			GroundTruth truth = GroundTruth.read(this.services.truth);
			Verifier verifier = new Verifier(new Verifier.Endpoints(this.aggregator, this.services.royalty,
					this.services.adMetrics, this.services.operatorKey));
			List<String> differences = verifier.verify(truth, Duration.ofSeconds(this.waitSeconds));
			System.out.println(verdict(truth, differences));
			return differences.isEmpty() ? 0 : 1;
		}

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

}
