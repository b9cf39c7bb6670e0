package dev.playback.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import dev.playback.infra.FreePorts;
import dev.playback.infra.LocalInfrastructure;
import dev.playback.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * {@code java -jar benchmarks-exec.jar idle [seconds]}: the fixed cost of a
 * session-aggregator instance with no traffic, what the capacity model adds per instance
 * whatever the rate. The aggregator runs as its own process (as deployed, with the Helm
 * chart's collector), settles, and its CPU and the broker's are measured over
 * {@code seconds}; then again with each candidate setting that could lower it, side by
 * side in one run.
 */
final class IdleBenchmark {

	private static final int SETTLE_SECONDS = 60;

	private IdleBenchmark() {
	}

	/** The settings compared: the defaults first, then each candidate alone. */
	static Map<String, List<String>> variants() {
		Map<String, List<String>> variants = new LinkedHashMap<>();
		variants.put("defaults", List.of());
		// a stream thread with nothing to read waits this long in poll() before it loops
		// (punctuation and commits run between polls): 100 ms by default
		variants.put("poll.ms=1000", List.of("--spring.kafka.streams.properties.poll.ms=1000"));
		// the broker holds an empty fetch this long before answering it: 500 ms by
		// default
		variants.put("fetch.max.wait.ms=2000",
				List.of("--spring.kafka.streams.properties.consumer.fetch.max.wait.ms=2000"));
		variants.put("both", List.of("--spring.kafka.streams.properties.poll.ms=1000",
				"--spring.kafka.streams.properties.consumer.fetch.max.wait.ms=2000"));
		return variants;
	}

	static void run(int seconds) throws Exception {
		Path work = Files.createTempDirectory("playback-bench-idle-");
		Path jar = ServiceProcesses.execJar("session-aggregator");
		try (LocalInfrastructure infra = LocalInfrastructure.start(work)) {
			try (Admin admin = Admin
				.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()))) {
				admin.createTopics(Topics.all().stream().map((spec) -> spec.toNewTopic(1)).toList()).all().get();
			}
			System.out.printf(Locale.ROOT,
					"idle aggregator: one instance, 2 stream threads, the heartbeats topic's %d partitions, "
							+ "no traffic; %d s to settle, then %d s measured%n",
					Topics.spec(Topics.HEARTBEATS).partitions(), SETTLE_SECONDS, seconds);
			System.out.println("| settings | aggregator cores | broker cores |");
			System.out.println("|---|---|---|");
			int round = 0;
			for (Map.Entry<String, List<String>> variant : variants().entrySet()) {
				round++;
				double[] cores = measure(infra, jar, work.resolve("run-" + round), variant.getValue(), seconds);
				System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f |%n", variant.getKey(), cores[0], cores[1]);
			}
		}
		finally {
			try (Stream<Path> files = Files.walk(work)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

	/** The aggregator's and the broker's cores over {@code seconds} of idleness. */
	private static double[] measure(LocalInfrastructure infra, Path jar, Path dir, List<String> settings, int seconds)
			throws Exception {
		Files.createDirectories(dir);
		int port = FreePorts.next();
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseParallelGC",
						"-Xms512m", "-Xmx512m", "-jar", jar.toString()));
		command.addAll(List.of(infra.serviceArguments("playback.aggregator", null, "--server.port=" + port,
				"--spring.main.banner-mode=off", "--logging.level.root=WARN",
				"--spring.kafka.streams.state-dir=" + dir.resolve("state"),
				// a new application each round: no state, no committed offsets from
				// before
				"--spring.kafka.streams.application-id=idle-" + dir.getFileName())));
		command.addAll(settings);
		Path log = dir.resolve("aggregator.log");
		Process aggregator = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			ServiceProcesses.awaitReady("session-aggregator", aggregator, "http://127.0.0.1:" + port,
					java.time.Duration.ofSeconds(120), log);
			Thread.sleep(SETTLE_SECONDS * 1000L);
			long broker = infra.kafka().pid();
			long aggregatorBefore = ServiceProcesses.ownCpuTicks(aggregator.pid());
			long brokerBefore = ServiceProcesses.ownCpuTicks(broker);
			long started = System.nanoTime();
			Thread.sleep(seconds * 1000L);
			double elapsed = (System.nanoTime() - started) / 1e9;
			return new double[] { (ServiceProcesses.ownCpuTicks(aggregator.pid()) - aggregatorBefore) / 100.0 / elapsed,
					(ServiceProcesses.ownCpuTicks(broker) - brokerBefore) / 100.0 / elapsed };
		}
		finally {
			aggregator.destroy();
			aggregator.waitFor();
		}
	}

}
