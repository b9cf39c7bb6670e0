package dev.playback.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.playback.infra.FreePorts;
import dev.playback.infra.LocalInfrastructure;
import dev.playback.schemas.AvroSerdes;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

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
		// ... and the broker holds an empty fetch 2 s instead of 500 ms before answering
		// it
		variants.put("poll.ms=1000, fetch.max.wait.ms=2000", List.of("--spring.kafka.streams.properties.poll.ms=1000",
				"--spring.kafka.streams.properties.consumer.fetch.max.wait.ms=2000"));
		// a transaction every 5 s instead of every second: reports see revisions up to 5
		// s
		// later (the contract allows 10 s); the read APIs read the stores, not the topic
		variants.put("commit.interval.ms=5000", List.of("--spring.kafka.streams.properties.commit.interval.ms=5000"));
		return variants;
	}

	static void run(int seconds, double rate) throws Exception {
		Path work = Files.createTempDirectory("playback-bench-idle-");
		Path jar = ServiceProcesses.execJar("session-aggregator");
		try (LocalInfrastructure infra = LocalInfrastructure.start(work)) {
			try (Admin admin = AggregatorBenchmark.admin(infra)) {
				admin.createTopics(Topics.all().stream().map((spec) -> spec.toNewTopic(1)).toList()).all().get();
			}
			System.out.printf(Locale.ROOT,
					"idle aggregator: one instance, 2 stream threads, the heartbeats topic's %d partitions; "
							+ "%d s to settle, then %d s measured; no traffic, then %.0f heartbeats/s%n",
					Topics.spec(Topics.HEARTBEATS).partitions(), SETTLE_SECONDS, seconds, rate);
			System.out.println("| settings | traffic | aggregator cores | broker cores |");
			System.out.println("|---|---|---|---|");
			int round = 0;
			for (double offered : new double[] { 0, rate }) {
				for (Map.Entry<String, List<String>> variant : variants().entrySet()) {
					round++;
					try (Trickle trickle = new Trickle(infra, offered)) {
						double[] cores = measure(infra, jar, work.resolve("run-" + round), variant.getValue(), seconds);
						System.out.printf(Locale.ROOT, "| %s | %s | %.3f | %.3f |%n", variant.getKey(),
								(offered > 0) ? String.format(Locale.ROOT, "%.0f heartbeats/s", offered) : "none",
								cores[0], cores[1]);
					}
				}
			}
		}
		finally {
			AggregatorBenchmark.deleteTree(work);
		}
	}

	/**
	 * Heartbeats at {@code rate} per second while it is open, from 1,000 viewers in turn
	 * (so every partition gets some), each viewer's events in order, 5 s of play apart.
	 */
	static final class Trickle implements AutoCloseable {

		private final Thread sender;

		private volatile boolean closed;

		Trickle(LocalInfrastructure infra, double rate) {
			this.sender = new Thread(() -> send(infra, rate), "trickle");
			this.sender.setDaemon(true);
			if (rate > 0) {
				this.sender.start();
			}
		}

		private void send(LocalInfrastructure infra, double rate) {
			long[] seqs = new long[1000];
			String run = java.util.UUID.randomUUID().toString().substring(0, 8);
			long intervalNanos = (long) (1e9 / rate);
			long next = System.nanoTime();
			try (KafkaProducer<String, Heartbeat> producer = AvroSerdes.producer(infra.registry().apiUrl(),
					Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()))) {
				for (long i = 0; !this.closed; i++) {
					int viewer = (int) (i % seqs.length);
					long seq = seqs[viewer]++;
					String user = "idle-" + run + "-" + viewer;
					Instant now = Instant.now();
					producer.send(new ProducerRecord<>(Topics.HEARTBEATS, null, now.toEpochMilli(), user,
							AggregatorBenchmark.heartbeat(user, "pb-" + user, seq, "video-" + (viewer % 50), now)));
					next += intervalNanos;
					long wait = next - System.nanoTime();
					if (wait > 0) {
						Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@Override
		public void close() throws InterruptedException {
			this.closed = true;
			if (this.sender.isAlive()) {
				this.sender.join(10_000);
			}
		}

	}

	/** The aggregator's and the broker's cores over {@code seconds}. */
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
