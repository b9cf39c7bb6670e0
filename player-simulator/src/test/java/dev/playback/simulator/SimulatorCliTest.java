package dev.playback.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SimulatorCliTest {

	@Test
	void virtualTimeEndsAQuarterOfAnHourAgoAndEachRunHasIdsOfItsOwn() {
		Scenario scenario = SimulatorCli.scenario(Map.of());

		assertThat(scenario.viewers()).isEqualTo(200);
		assertThat(scenario.duration()).isEqualTo(Duration.ofHours(2));
		assertThat(Duration.between(scenario.end(), Instant.now()).toSeconds()).isCloseTo(900, within(5L));
		assertThat(scenario.prefix()).isEqualTo("sim" + Long.toString(scenario.start().getEpochSecond(), 36));
		assertThat(scenario.network()).isEqualTo(Scenario.Network.imperfect());
	}

	@Test
	void realTimeStartsNowWithTheOptionsGiven() {
		Scenario scenario = SimulatorCli.scenario(Map.of("real-time", "true", "viewers", "7", "hours", "0.5", "seed",
				"9", "prefix", "mine", "network", "perfect"));

		assertThat(Duration.between(scenario.start(), Instant.now()).toSeconds()).isBetween(0L, 2L);
		assertThat(scenario)
			.extracting(Scenario::viewers, Scenario::duration, Scenario::seed, Scenario::prefix, Scenario::network)
			.containsExactly(7, Duration.ofMinutes(30), 9L, "mine", Scenario.Network.perfect());
	}

	@Test
	void withoutTheOperatorKeyOrACommandItExitsWithTwo() throws Exception {
		assertThat(SimulatorCli.run(new String[] { "verify" })).isEqualTo(2);
		assertThat(SimulatorCli.run(new String[0])).isEqualTo(2);
		assertThat(SimulatorCli.run(new String[] { "replay", "--operator-key", "k" })).isEqualTo(2);
	}

}
