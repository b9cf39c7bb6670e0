package dev.playback.simulator;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

class SimulatorCliTest {

	private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

	@Test
	void virtualTimeEndsAQuarterOfAnHourAgoAndEachRunHasIdsOfItsOwn() {
		Scenario scenario = simulate("--operator-key", "k").scenario(NOW);

		assertThat(scenario.viewers()).isEqualTo(200);
		assertThat(scenario.duration()).isEqualTo(Duration.ofHours(2));
		assertThat(scenario.end()).isEqualTo(NOW.minus(Duration.ofMinutes(15)));
		assertThat(scenario.prefix()).isEqualTo("sim" + Long.toString(scenario.start().getEpochSecond(), 36));
		assertThat(scenario.network()).isEqualTo(Scenario.Network.imperfect());
	}

	@Test
	void realTimeStartsNowWithTheOptionsGiven() {
		Scenario scenario = simulate("--operator-key", "k", "--real-time", "--viewers", "7", "--hours", "0.5", "--seed",
				"9", "--prefix", "mine", "--network", "perfect")
			.scenario(NOW);

		assertThat(scenario.start()).isEqualTo(NOW);
		assertThat(scenario)
			.extracting(Scenario::viewers, Scenario::duration, Scenario::seed, Scenario::prefix, Scenario::network)
			.containsExactly(7, Duration.ofMinutes(30), 9L, "mine", Scenario.Network.perfect());
	}

	@Test
	void unknownOptionsAMissingKeyOrNoCommandAreRefusedWithTwo() {
		assertThat(SimulatorCli.run("verify")).as("no --operator-key").isEqualTo(2);
		assertThat(SimulatorCli.run()).isEqualTo(2);
		assertThat(SimulatorCli.run("replay", "--operator-key", "k")).isEqualTo(2);
		assertThat(SimulatorCli.run("simulate", "--viewer", "5", "--operator-key", "k"))
			.as("an option that almost exists is not taken for another")
			.isEqualTo(2);
		assertThat(SimulatorCli.run("simulate", "--viewers", "many", "--operator-key", "k")).isEqualTo(2);
		assertThat(SimulatorCli.run("simulate", "--network", "lossy", "--operator-key", "k")).isEqualTo(2);
	}

	@Test
	void helpListsEveryCommandsOptions() {
		StringWriter out = new StringWriter();
		SimulatorCli.usage(new CommandLine(new SimulatorCli()), new PrintWriter(out, true));
		assertThat(out.toString()).contains("simulate", "verify", "--viewers", "--hours", "--real-time", "--rate",
				"--operator-key", "--wait", "--aggregator", "(200)");
		assertThat(SimulatorCli.run("--help")).isZero();
		assertThat(SimulatorCli.run("simulate", "--help")).isZero();
	}

	private static SimulatorCli.Simulate simulate(String... options) {
		String[] args = new String[options.length + 1];
		args[0] = "simulate";
		System.arraycopy(options, 0, args, 1, options.length);
		CommandLine.ParseResult parsed = new CommandLine(new SimulatorCli()).parseArgs(args);
		return (SimulatorCli.Simulate) parsed.subcommand().commandSpec().userObject();
	}

}
