package dev.playback.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.playback.infra.LocalInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * {@code java -jar benchmarks-exec.jar restore [playbacks] [repeats]}: how long an
 * aggregator instance whose state directory was lost (a new node, a deleted volume) takes
 * to restore its stores from their changelogs, per GB of changelog. One instance folds
 * {@code playbacks} viewers' heartbeats (all sessions open, the peak's steady state),
 * stops; then, each repeat, its state directory is deleted and a new instance starts on
 * the same application id: the time from its start to RUNNING, beside the time to RUNNING
 * of a start with the state directory intact (what a restart costs without restoring), in
 * one run.
 */
final class RestoreBenchmark {

	private RestoreBenchmark() {
	}

	static void run(int playbacks, int repeats) throws Exception {
		Path work = Files.createTempDirectory("playback-bench-restore-");
		long events = (long) playbacks * 10;
		try (LocalInfrastructure infra = LocalInfrastructure.start(work)) {
			AggregatorBenchmark.createTopics(infra);
			AggregatorBenchmark.produce(infra, playbacks);
			String applicationId = "bench-restore-" + UUID.randomUUID();
			Path stateDir = work.resolve("state");
			long began = System.nanoTime();
			try (ConfigurableApplicationContext aggregator = AggregatorBenchmark.aggregator(infra, applicationId,
					stateDir); Admin admin = AggregatorBenchmark.admin(infra)) {
				while (AggregatorBenchmark.committed(admin, applicationId) < events) {
					Thread.sleep(200);
				}
			}
			long changelog;
			try (Admin admin = AggregatorBenchmark.admin(infra)) {
				changelog = changelogBytes(admin, applicationId);
			}
			System.out.printf(Locale.ROOT,
					"restore benchmark: %d playbacks x 10 heartbeats folded in %.0f s; changelogs %.1f MB, "
							+ "state directory %.1f MB%n",
					playbacks, (System.nanoTime() - began) / 1e9, changelog / 1e6,
					AggregatorBenchmark.treeSize(stateDir) / 1e6);
			System.out.println("| run | start to RUNNING, state kept | start to RUNNING, state deleted (restore) | "
					+ "restore alone | changelog MB/s | s per GB of changelog |");
			System.out.println("|---|---|---|---|---|---|");
			for (int repeat = 1; repeat <= repeats; repeat++) {
				double kept = secondsToRunning(infra, applicationId, stateDir);
				AggregatorBenchmark.deleteTree(stateDir);
				double restored = secondsToRunning(infra, applicationId, stateDir);
				double restore = Math.max(restored - kept, 1e-3);
				System.out.printf(Locale.ROOT, "| %d | %.1f s | %.1f s | %.1f s | %.1f | %.0f |%n", repeat, kept,
						restored, restore, changelog / 1e6 / restore, restore / (changelog / 1e9));
			}
		}
		finally {
			AggregatorBenchmark.deleteTree(work);
		}
	}

	/** From the start of a new instance to its streams RUNNING (every store restored). */
	private static double secondsToRunning(LocalInfrastructure infra, String applicationId, Path stateDir)
			throws Exception {
		long started = System.nanoTime();
		try (ConfigurableApplicationContext aggregator = AggregatorBenchmark.aggregator(infra, applicationId,
				stateDir)) {
			StreamsBuilderFactoryBean streams = aggregator.getBean(StreamsBuilderFactoryBean.class);
			long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
			while (true) {
				KafkaStreams kafkaStreams = streams.getKafkaStreams();
				if (kafkaStreams != null && kafkaStreams.state() == KafkaStreams.State.RUNNING) {
					return (System.nanoTime() - started) / 1e9;
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Not RUNNING within 30 min");
				}
				Thread.sleep(50);
			}
		}
	}

	/** Bytes of the application's changelog topics on the broker. */
	private static long changelogBytes(Admin admin, String applicationId) throws Exception {
		List<Integer> brokers = admin.describeCluster().nodes().get().stream().map((node) -> node.id()).toList();
		return admin.describeLogDirs(brokers)
			.allDescriptions()
			.get()
			.values()
			.stream()
			.flatMap((dirs) -> dirs.values().stream())
			.flatMap((dir) -> dir.replicaInfos().entrySet().stream())
			.filter((replica) -> replica.getKey().topic().startsWith(applicationId + "-")
					&& replica.getKey().topic().endsWith("-changelog"))
			.mapToLong((replica) -> replica.getValue().size())
			.sum();
	}

}
