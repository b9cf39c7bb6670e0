package dev.playback.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.playback.simulator.Scenario;
import dev.playback.simulator.Simulation;
import dev.playback.simulator.SimulatorCli;

/**
 * The local stack's demo traffic, from the player simulator: first the last two hours of
 * 200 viewers on imperfect networks, sent in virtual time, with their ground truth
 * written for {@code verify}; then live viewers in real time (30 per half hour, each
 * round with its own ids) so that the progress APIs and reports keep moving.
 */
final class Demo implements AutoCloseable {

	static final String PREFIX = "demo";

	private final LocalStack stack;

	private final Path truthFile;

	private final Thread thread;

	private volatile Simulation current;

	private Demo(LocalStack stack, Path truthFile) {
		this.stack = stack;
		this.truthFile = truthFile;
		this.thread = new Thread(this::run, "demo-traffic");
		this.thread.setDaemon(true);
	}

	static Demo start(LocalStack stack, Path truthFile) {
		Demo demo = new Demo(stack, truthFile);
		demo.thread.start();
		return demo;
	}

	/** The command that checks the services against the demo's ground truth. */
	static String verifyCommand(LocalStack stack, Path truthFile) {
		return "./simulator.sh verify --truth " + truthFile + " --operator-key " + stack.operatorKey()
				+ " --aggregator " + stack.url("session-aggregator") + " --royalty " + stack.url("royalty-service")
				+ " --ad-metrics " + stack.url("ad-metrics-service");
	}

	private void run() {
		try {
			Duration hours = Duration.ofHours(2);
			Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(hours).minus(Duration.ofMinutes(15));
			Simulation.Result backfill = simulate(
					new Scenario(1, PREFIX, 200, start, hours, Scenario.Network.imperfect())
						.with(Scenario.Audience.withBots()),
					false);
			Files.createDirectories(this.truthFile.toAbsolutePath().getParent());
			backfill.truth().write(this.truthFile);
			System.out.println("demo: " + SimulatorCli.summary(backfill, this.truthFile));
			System.out.println("demo: check it with\n  " + verifyCommand(this.stack, this.truthFile));
			for (int round = 1; !Thread.currentThread().isInterrupted(); round++) {
				Scenario live = new Scenario(round, "live" + round, 30, Instant.now().truncatedTo(ChronoUnit.SECONDS),
						Duration.ofMinutes(30), Scenario.Network.imperfect());
				simulate(live, true);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			System.err.println("demo traffic stopped: " + ex);
		}
	}

	private Simulation.Result simulate(Scenario scenario, boolean realTime) throws Exception {
		Simulation simulation = new Simulation(scenario);
		this.current = simulation;
		simulation.applyCatalog(this.stack.url("royalty-service"), this.stack.url("ad-metrics-service"),
				this.stack.operatorKey());
		return simulation.run(this.stack.url("ingest-api"), realTime, 0, 16, (line) -> {
		});
	}

	@Override
	public void close() {
		this.thread.interrupt();
		Simulation simulation = this.current;
		if (simulation != null) {
			simulation.stop();
		}
	}

}
