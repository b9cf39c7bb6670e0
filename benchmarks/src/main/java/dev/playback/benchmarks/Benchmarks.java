package dev.playback.benchmarks;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar benchmarks/target/benchmarks-0.1.0-SNAPSHOT.jar <benchmark> [arguments]}
 * (what the scripts in {@code bench/} run): each benchmark starts what it needs, prints
 * its figures, and stops everything. Results are kept in docs/benchmarks.md.
 */
@Command(name = "benchmarks", mixinStandardHelpOptions = true,
		subcommands = { Benchmarks.Ingest.class, Benchmarks.Aggregator.class, Benchmarks.Royalty.class,
				Benchmarks.AdMetrics.class, Benchmarks.EndToEnd.class, Benchmarks.Soak.class, Benchmarks.Idle.class,
				Benchmarks.Restore.class, Benchmarks.Model.class },
		description = "The suite's benchmarks; each prints its figures (docs/benchmarks.md keeps the results).")
public final class Benchmarks implements Runnable {

	@Spec
	private CommandSpec spec;

	public static void main(String[] args) {
		System.exit(new CommandLine(new Benchmarks()).execute(args));
	}

	@Override
	public void run() {
		throw new ParameterException(this.spec.commandLine(),
				"Name a benchmark: ingest, aggregator, royalty, admetrics, e2e or soak");
	}

	@Command(name = "ingest", mixinStandardHelpOptions = true,
			description = "ingest-api against its HTTP server's ceiling and Kafka's ProducerPerformance, side by side.")
	static final class Ingest implements Callable<Integer> {

		@Parameters(index = "0", arity = "0..1", defaultValue = "3", description = "repeats (${DEFAULT-VALUE})")
		int repeats;

		@Override
		public Integer call() throws Exception {
			IngestBenchmark.run(this.repeats);
			return 0;
		}

	}

	@Command(name = "aggregator", mixinStandardHelpOptions = true,
			description = "session-aggregator against ConsumerPerformance: rate and CPU per record, state, freshness.")
	static final class Aggregator implements Callable<Integer> {

		@Parameters(index = "0", arity = "0..1", defaultValue = "3", description = "repeats (${DEFAULT-VALUE})")
		int repeats;

		@Parameters(index = "1", arity = "0..1", defaultValue = "100000",
				description = "playbacks per pass (${DEFAULT-VALUE})")
		int playbacks;

		@Override
		public Integer call() throws Exception {
			AggregatorBenchmark.run(this.repeats, this.playbacks);
			return 0;
		}

	}

	@Command(name = "royalty", mixinStandardHelpOptions = true,
			description = "Session revisions applied against a plain batched insert; a 10,000-video statement (one "
					+ "month, after 35 closed months); the evidence of a 1,000,000-session line.")
	static final class Royalty implements Callable<Integer> {

		@Parameters(index = "0", arity = "0..1", defaultValue = "100000",
				description = "revisions per pass (${DEFAULT-VALUE})")
		int revisions;

		@Parameters(index = "1", arity = "0..1", defaultValue = "5", description = "passes (${DEFAULT-VALUE})")
		int passes;

		@Override
		public Integer call() throws Exception {
			RoyaltyBenchmark.run(this.revisions, this.passes);
			return 0;
		}

	}

	@Command(name = "admetrics", mixinStandardHelpOptions = true,
			description = "Session revisions applied against a plain batched insert; a 500-ad campaign's report and "
					+ "its portal page.")
	static final class AdMetrics implements Callable<Integer> {

		@Parameters(index = "0", arity = "0..1", defaultValue = "100000",
				description = "revisions per pass (${DEFAULT-VALUE})")
		int revisions;

		@Parameters(index = "1", arity = "0..1", defaultValue = "5", description = "passes (${DEFAULT-VALUE})")
		int passes;

		@Override
		public Integer call() throws Exception {
			AdMetricsBenchmark.run(this.revisions, this.passes);
			return 0;
		}

	}

	@Command(name = "e2e", mixinStandardHelpOptions = true,
			description = "The whole suite under real-time simulated viewers: the highest rate held, latencies, CPU "
					+ "per component, the capacity model.")
	static final class EndToEnd implements Callable<Integer> {

		@Parameters(index = "0", arity = "0..1", defaultValue = "5",
				description = "minutes per rate (${DEFAULT-VALUE})")
		int minutes;

		@Parameters(index = "1", arity = "0..1", defaultValue = "300",
				description = "first rate in events/s (${DEFAULT-VALUE})")
		double rate;

		@Override
		public Integer call() throws Exception {
			EndToEndBenchmark.run(this.minutes, this.rate);
			return 0;
		}

	}

	@Command(name = "idle", mixinStandardHelpOptions = true,
			description = "The fixed cost of a session-aggregator instance (its CPU and the broker's) idle and under "
					+ "a trickle of heartbeats, with the default settings and candidates that could lower it, side by "
					+ "side.")
	static final class Idle implements Callable<Integer> {

		@Parameters(index = "0", arity = "0..1", defaultValue = "120",
				description = "seconds measured per setting (${DEFAULT-VALUE})")
		int seconds;

		@Parameters(index = "1", arity = "0..1", defaultValue = "50",
				description = "heartbeats/s of the trickle runs (${DEFAULT-VALUE})")
		double rate;

		@Override
		public Integer call() throws Exception {
			IdleBenchmark.run(this.seconds, this.rate);
			return 0;
		}

	}

	@Command(name = "restore", mixinStandardHelpOptions = true,
			description = "How long an aggregator instance whose state directory was lost takes to restore it "
					+ "from the changelogs, per GB.")
	static final class Restore implements Callable<Integer> {

		@Parameters(index = "0", arity = "0..1", defaultValue = "300000",
				description = "playbacks folded into the state (${DEFAULT-VALUE})")
		int playbacks;

		@Parameters(index = "1", arity = "0..1", defaultValue = "3", description = "repeats (${DEFAULT-VALUE})")
		int repeats;

		@Override
		public Integer call() throws Exception {
			RestoreBenchmark.run(this.playbacks, this.repeats);
			return 0;
		}

	}

	@Command(name = "soak", mixinStandardHelpOptions = true,
			description = "The whole suite held at one rate of real-time viewers: heap after GC, RocksDB size, lag, "
					+ "open sessions and freshness each minute; verify at the end.")
	static final class Soak implements Callable<Integer> {

		@Parameters(index = "0", arity = "0..1", defaultValue = "30", description = "minutes (${DEFAULT-VALUE})")
		int minutes;

		@Parameters(index = "1", arity = "0..1", defaultValue = "3700",
				description = "events/s (${DEFAULT-VALUE}: 70% of the 5,407 events/s bench/e2e.sh held)")
		double rate;

		@Override
		public Integer call() throws Exception {
			EndToEndBenchmark.soak(this.minutes, this.rate);
			return 0;
		}

	}

	@Command(name = "model", mixinStandardHelpOptions = true,
			description = "The capacity model (bench/capacity-model.properties): the cores of each component at a "
					+ "rate, and, given an end-to-end run's steps.csv, its predictions against what was measured (plots beside it).")
	static final class Model implements Callable<Integer> {

		@Parameters(index = "0", arity = "0..1", defaultValue = "100000",
				description = "heartbeats/s to size for (${DEFAULT-VALUE})")
		double rate;

		@Parameters(index = "1", arity = "0..1", description = "an end-to-end run's steps.csv")
		java.nio.file.Path steps;

		@Override
		public Integer call() throws Exception {
			CapacityModel model = CapacityModel.load(java.nio.file.Path.of("bench", "capacity-model.properties"));
			if (this.steps != null) {
				List<CapacityModel.Measured> measured = CapacityModel.readSteps(this.steps);
				List<CapacityModel.Check> checks = model.check(measured);
				CapacityModel.printChecks(checks);
				// the plots beside the steps, redrawn with the model as it is now
				model.writePlots(checks, CapacityModel.Measured.revisionsPerHeartbeat(measured),
						this.steps.toAbsolutePath().getParent());
				System.out.println();
			}
			model.printSizing(this.rate);
			return 0;
		}

	}

}
