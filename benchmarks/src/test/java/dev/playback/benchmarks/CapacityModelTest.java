package dev.playback.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CapacityModelTest {

	@TempDir
	Path dir;

	@Test
	void sizesEachComponentFromItsFixedAndMarginalCosts() throws Exception {
		CapacityModel model = CapacityModel.load(inputs());

		List<CapacityModel.Sizing> sizes = model.size(100_000);

		// ingest: 50 us x 100,000/s = 5 cores of work; x1.3 = 6.5 over instances of 2 -
		// 0.1
		// usable cores: 4 instances, each 0.1 fixed
		assertThat(size(sizes, "ingest-api").instances()).isEqualTo(4);
		assertThat(size(sizes, "ingest-api").cores()).isCloseTo(5.4, within(1e-9));
		// royalty: 0.8 revisions per heartbeat x 20 us = 1.6 cores; x1.3 = 2.08 over 1 -
		// 0.05: 3 instances
		assertThat(size(sizes, "royalty-service").instances()).isEqualTo(3);
		assertThat(size(sizes, "royalty-service").cores()).isCloseTo(1.6 + 0.15, within(1e-9));
		// aggregator: 10 us = 1 core of work, x1.3 fits one instance: its minimum of 2
		assertThat(size(sizes, "session-aggregator").instances()).isEqualTo(2);
		// kafka: three brokers (a fixed count), 0.2 for each of the two aggregators'
		// transactions, 5 us per heartbeat and 0.5 us per revision
		assertThat(size(sizes, "kafka").instances()).isEqualTo(3);
		assertThat(size(sizes, "kafka").cores()).isCloseTo(3 * 0.03 + 2 * 0.2 + 0.5 + 0.04, within(1e-9));
	}

	@Test
	void checksPredictionsAgainstMeasuredStepsWithinTwentyPercent() throws Exception {
		CapacityModel model = CapacityModel.load(inputs());
		Path steps = this.dir.resolve("steps.csv");
		Files.writeString(steps, """
				step,kept_up,heartbeats_per_s,revisions_per_s,cores_ingest-api,cores_royalty-service
				idle,true,0,0,0.1000,0.0500
				1,true,1000.0,800.0,0.1500,0.0660
				2,false,3000.0,2400.0,0.4000,0.1000
				""");

		List<CapacityModel.Check> checks = model.check(CapacityModel.readSteps(steps));

		assertThat(checks).hasSize(2).allMatch((check) -> check.heartbeatsPerSecond() == 1000.0);
		CapacityModel.Check ingest = checks.get(0);
		assertThat(ingest.component()).isEqualTo("ingest-api");
		// 0.1 fixed + 1,000 x 50 us
		assertThat(ingest.predicted()).isCloseTo(0.15, within(1e-9));
		assertThat(ingest.holds()).isTrue();
		CapacityModel.Check royalty = checks.get(1);
		// 0.05 + 800 x 20 us = 0.066
		assertThat(royalty.predicted()).isCloseTo(0.066, within(1e-9));
		assertThat(new CapacityModel.Check("x", 1, 1.0, 1.21).holds()).isFalse();
		assertThat(new CapacityModel.Check("x", 1, 1.0, 0.81).holds()).isTrue();
	}

	@Test
	void refusesInputsThatAreMissing() throws Exception {
		Path file = this.dir.resolve("empty.properties");
		Files.writeString(file, "headroom=1.3\n");

		assertThatThrownBy(() -> CapacityModel.load(file)).hasMessageContaining("revisionsPerHeartbeat");
	}

	private Path inputs() throws Exception {
		Path file = this.dir.resolve("model.properties");
		Files.writeString(file, """
				revisionsPerHeartbeat=0.8
				headroom=1.3
				ingest-api.microsPerHeartbeat=50
				ingest-api.fixedCores=0.1
				ingest-api.instanceCores=2
				ingest-api.minInstances=2
				session-aggregator.microsPerHeartbeat=10
				session-aggregator.fixedCores=0.1
				session-aggregator.instanceCores=2
				session-aggregator.minInstances=2
				royalty-service.microsPerRevision=20
				royalty-service.fixedCores=0.05
				royalty-service.instanceCores=1
				royalty-service.minInstances=2
				kafka.microsPerHeartbeat=5
				kafka.microsPerRevision=0.5
				kafka.fixedCores=0.03
				kafka.fixedCoresPerAggregator=0.2
				kafka.minInstances=3
				""");
		return file;
	}

	private static CapacityModel.Sizing size(List<CapacityModel.Sizing> sizes, String component) {
		return sizes.stream().filter((size) -> size.component().equals(component)).findFirst().orElseThrow();
	}

}
