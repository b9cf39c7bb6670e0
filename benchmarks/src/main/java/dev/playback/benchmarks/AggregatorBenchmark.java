package dev.playback.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import dev.playback.aggregator.SessionAggregatorApplication;
import dev.playback.infra.FreePorts;
import dev.playback.localstack.LocalStack;
import dev.playback.infra.LocalInfrastructure;
import dev.playback.ingest.IngestApiApplication;
import dev.playback.schemas.AvroSerdes;
import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar benchmarks-exec.jar aggregator [repeats] [playbacks]}: the session
 * aggregator (one instance with its default two stream threads, exactly-once) on a topic
 * of pre-produced heartbeats, beside Kafka's ConsumerPerformance on the same topic in the
 * same run; then the state it holds for the open sessions, and the freshness of the
 * progress API after a heartbeat's 202 with ingest-api in front. Prints one row per pass
 * and the medians: warm-up passes (at most {@value #MAX_WARM_UPS}) until one in which the
 * JIT compiled for less than a tenth of the pass's time, then the measured ones.
 */
public final class AggregatorBenchmark {

	private static final int EVENTS_PER_PLAYBACK = 10;

	private static final int FRESHNESS_PROBES = 300;

	/** Warm-up passes at most, before the measured ones. */
	private static final int MAX_WARM_UPS = 4;

	/**
	 * JIT compile time per second of a pass below which the JIT counts as settled: the
	 * warm-up ends after such a pass.
	 */
	private static final double SETTLED_JIT_SHARE = 0.10;

	private AggregatorBenchmark() {
	}

	/**
	 * One pass. CPU figures are microseconds of CPU per record: the aggregator's whole
	 * JVM (stream threads, their producers, RocksDB, GC, JIT) and the broker while the
	 * aggregator ran; ConsumerPerformance's JVM and the broker while it ran, less a run
	 * of it that reads one record (its start, JIT and group join). Unlike the rates they
	 * do not depend on the share of the shared machine each side got.
	 *
	 * @param aggregator events/s through the topology
	 * @param aggregatorCpu the aggregator's CPU per event
	 * @param consumer ConsumerPerformance's records/s and CPU per record on the same
	 * topic
	 * @param stateBytes state store bytes on disk after the run
	 * @param heapBytes heap in use after a GC with the aggregator holding the sessions
	 * @param jitShare seconds the JIT spent compiling per second of the pass (its
	 * compiler threads together)
	 */
	record Row(double aggregator, Cpu aggregatorCpu, Consumer consumer, long stateBytes, long heapBytes,
			double jitShare) {

		double consumerPerformance() {
			return this.consumer.rate();
		}

		Cpu consumerCpu() {
			return this.consumer.cpu();
		}

	}

	/** CPU per record, in microseconds: the measured process's and the broker's. */
	record Cpu(double processUs, double brokerUs) {

		double totalUs() {
			return this.processUs + this.brokerUs;
		}

		static Cpu perRecord(long processTicks, long brokerTicks, long records) {
			// ticks are 1/100 s
			return new Cpu(processTicks * 10_000.0 / records, brokerTicks * 10_000.0 / records);
		}

	}

	/** ConsumerPerformance's rate and CPU. */
	record Consumer(double rate, Cpu cpu) {
	}

	static void run(int repeats, int playbacks) throws Exception {
		long events = (long) playbacks * EVENTS_PER_PLAYBACK;
		Path work = Files.createTempDirectory("playback-bench-aggregator-");
		try (LocalInfrastructure infra = LocalInfrastructure.start(work)) {
			createTopics(infra);
			System.out.printf(Locale.ROOT, "aggregator benchmark: %d playbacks x %d events = %d heartbeats%n",
					playbacks, EVENTS_PER_PLAYBACK, events);
			produce(infra, playbacks);
			List<Row> rows = new ArrayList<>();
			// warm-up passes first, not counted: the JIT compiles the aggregator's hot
			// code for minutes on two shared cores (its compiler threads took half a core
			// through the first two passes), so passes are measured once a pass has seen
			// little compiling, as in a service that runs for days
			int warmups = 0;
			while (warmups < MAX_WARM_UPS) {
				Row row = throughput(infra, work.resolve("warm-up-" + warmups), events,
						consumerPerformance(infra, events));
				warmups++;
				print("warm-up " + warmups, row, playbacks);
				if (row.jitShare() < SETTLED_JIT_SHARE) {
					break;
				}
			}
			for (int repeat = 1; repeat <= repeats; repeat++) {
				Consumer consumer = consumerPerformance(infra, events);
				Row row = throughput(infra, work.resolve("state-" + repeat), events, consumer);
				rows.add(row);
				print("run " + repeat, row, playbacks);
			}
			List<Double> freshness = freshness(infra, work.resolve("state-freshness"), events);
			summary(rows, freshness, playbacks, warmups);
		}
		finally {
			deleteTree(work);
		}
	}

	private static void print(String label, Row row, int playbacks) {
		System.out.printf(Locale.ROOT,
				"%s: aggregator %.0f events/s = %.1f%% of ConsumerPerformance %.0f records/s | CPU per record: "
						+ "aggregator %.1f us + broker %.1f us, ConsumerPerformance %.1f us + broker %.1f us "
						+ "(%.1f%%) | JIT compiling %.2f s per s | state %.1f MB on disk, heap %.0f MB after GC, "
						+ "for %d open sessions%n",
				label, row.aggregator(), 100 * row.aggregator() / row.consumerPerformance(), row.consumerPerformance(),
				row.aggregatorCpu().processUs(), row.aggregatorCpu().brokerUs(), row.consumerCpu().processUs(),
				row.consumerCpu().brokerUs(), 100 * row.consumerCpu().totalUs() / row.aggregatorCpu().totalUs(),
				row.jitShare(), row.stateBytes() / 1e6, row.heapBytes() / 1e6, playbacks);
	}

	static void createTopics(LocalInfrastructure infra) throws Exception {
		try (Admin admin = admin(infra)) {
			admin
				.createTopics(Stream.of(Topics.HEARTBEATS, Topics.SESSIONS, Topics.LATE_HEARTBEATS)
					.map((name) -> Topics.spec(name).toNewTopic(1))
					.toList())
				.all()
				.get();
		}
	}

	/**
	 * Heartbeats of {@code playbacks} viewers, 5 s apart, all still open at the end: the
	 * steady state of a peak, every session playing.
	 */
	static void produce(LocalInfrastructure infra, int playbacks) {
		// uncompressed, as ingest-api writes them (the local broker has no lz4 codec
		// either)
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
				ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
		Instant start = Instant.now().minusSeconds(EVENTS_PER_PLAYBACK * 5);
		long began = System.nanoTime();
		AtomicReference<Exception> failed = new AtomicReference<>();
		try (KafkaProducer<String, Heartbeat> producer = AvroSerdes.producer(infra.registry().apiUrl(), config)) {
			for (int seq = 0; seq < EVENTS_PER_PLAYBACK; seq++) {
				for (int p = 0; p < playbacks; p++) {
					String user = "user-" + p;
					Heartbeat event = heartbeat(user, "pb-" + p, seq, "video-" + (p % 500),
							start.plusSeconds(seq * 5L));
					// stamped as ingest stamps them: when the event was received, 5 s
					// apart
					producer.send(new ProducerRecord<>(Topics.HEARTBEATS, null, event.getReceivedAt().toEpochMilli(),
							user, event), (metadata, failure) -> {
								if (failure != null) {
									failed.compareAndSet(null, failure);
								}
							});
				}
			}
			producer.flush();
		}
		if (failed.get() != null) {
			throw new IllegalStateException("Heartbeats not written", failed.get());
		}
		System.out.printf(Locale.ROOT, "produced in %.1f s%n", (System.nanoTime() - began) / 1e9);
	}

	/**
	 * A viewer's heartbeat {@code seq} of a half-hour video, 5 s of play after the one
	 * before ({@code START} first), sent and received {@code at}.
	 */
	static Heartbeat heartbeat(String user, String playbackId, long seq, String videoId, Instant at) {
		return Heartbeat.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setPlaybackId(playbackId)
			.setSeq(seq)
			.setUserId(user)
			.setVideoId(videoId)
			.setType((seq == 0) ? EventType.START : EventType.HEARTBEAT)
			.setPositionMs(seq * 5_000L)
			.setVideoDurationMs(1_800_000L)
			.setEventTime(at)
			.setReceivedAt(at)
			.build();
	}

	/**
	 * ConsumerPerformance's rate over all records, and its CPU per record: the CPU of
	 * that run less the CPU of a run that reads a single record (the JVM's start, its
	 * JIT, the group join), which its rate does not include either.
	 */
	private static Consumer consumerPerformance(LocalInfrastructure infra, long events) {
		ToolRun start = runConsumerPerformance(infra, 1);
		ToolRun all = runConsumerPerformance(infra, events);
		Cpu cpu = Cpu.perRecord(Math.max(0, all.toolTicks() - start.toolTicks()),
				Math.max(0, all.brokerTicks() - start.brokerTicks()), events);
		return new Consumer(all.rate(), cpu);
	}

	/** One ConsumerPerformance run: its rate, its own and the broker's CPU ticks. */
	record ToolRun(double rate, long toolTicks, long brokerTicks) {
	}

	private static ToolRun runConsumerPerformance(LocalInfrastructure infra, long messages) {
		long self = ProcessHandle.current().pid();
		long toolBefore = ServiceProcesses.reapedCpuTicks(self);
		long brokerBefore = ServiceProcesses.ownCpuTicks(infra.kafka().pid());
		String output = infra.kafka()
			.runTool("org.apache.kafka.tools.ConsumerPerformance", Duration.ofMinutes(5), "--bootstrap-server",
					infra.kafkaBootstrapServers(), "--topic", Topics.HEARTBEATS, "--messages", String.valueOf(messages),
					"--group", "bench-consumer-" + UUID.randomUUID(), "--timeout", "60000");
		// header, then: start.time, end.time, MB, MB.sec, nMsg, nMsg.sec, ...
		for (String line : output.lines().toList()) {
			String[] fields = line.split(",\\s*");
			if (fields.length >= 6 && fields[0].matches("\\d{4}-.*")) {
				return new ToolRun(Double.parseDouble(fields[5]), ServiceProcesses.reapedCpuTicks(self) - toolBefore,
						ServiceProcesses.ownCpuTicks(infra.kafka().pid()) - brokerBefore);
			}
		}
		throw new IllegalStateException("No ConsumerPerformance figures in:\n" + output);
	}

	private static Row throughput(LocalInfrastructure infra, Path stateDir, long events, Consumer consumer)
			throws Exception {
		long self = ProcessHandle.current().pid();
		long broker = infra.kafka().pid();
		String applicationId = "bench-aggregator-" + UUID.randomUUID();
		long heapBefore = heapAfterGc();
		try (ConfigurableApplicationContext aggregator = aggregator(infra, applicationId, stateDir);
				Admin admin = admin(infra)) {
			long firstCommitted = -1;
			long firstAt = 0;
			long selfAt = 0;
			long brokerAt = 0;
			long jitAt = 0;
			while (true) {
				long committed = committed(admin, applicationId);
				if (firstCommitted < 0 && committed > 0) {
					firstCommitted = committed;
					firstAt = System.nanoTime();
					selfAt = ServiceProcesses.ownCpuTicks(self);
					brokerAt = ServiceProcesses.ownCpuTicks(broker);
					jitAt = compilationMs();
				}
				if (committed >= events) {
					double seconds = (System.nanoTime() - firstAt) / 1e9;
					double rate = (events - firstCommitted) / Math.max(seconds, 1e-3);
					Cpu cpu = Cpu.perRecord(ServiceProcesses.ownCpuTicks(self) - selfAt,
							ServiceProcesses.ownCpuTicks(broker) - brokerAt, events - firstCommitted);
					double jitShare = (compilationMs() - jitAt) / 1e3 / Math.max(seconds, 1e-3);
					long heap = heapAfterGc() - heapBefore;
					MeterRegistry meters = aggregator.getBean(MeterRegistry.class);
					System.out.printf(Locale.ROOT, "per heartbeat read: %.2f sessions emitted, %.2f timers fired%n",
							meters.get("sessions.emitted").counter().count() / events,
							meters.get("sessions.punctuation.lag").timer().count() / (double) events);
					return new Row(rate, cpu, consumer, treeSize(stateDir), heap, jitShare);
				}
				Thread.sleep(200);
			}
		}
	}

	/**
	 * 202 to progress API: new viewers' START events through ingest-api while others keep
	 * sending, each timed until the progress API shows it.
	 */
	private static List<Double> freshness(LocalInfrastructure infra, Path stateDir, long events) throws Exception {
		String applicationId = "bench-freshness-" + UUID.randomUUID();
		int ingestPort = FreePorts.next();
		try (ConfigurableApplicationContext aggregator = aggregator(infra, applicationId, stateDir);
				ConfigurableApplicationContext ingest = IngestApiApplication.application()
					.run(infra.serviceArguments("playback.ingest", null, "--server.port=" + ingestPort,
							"--spring.main.banner-mode=off", "--logging.level.org.apache.kafka=WARN",
							LocalStack.SERVICE_ONLY));
				Admin admin = admin(infra)) {
			while (committed(admin, applicationId) < events) {
				Thread.sleep(500);
			}
			String aggregatorUrl = "http://127.0.0.1:" + aggregator.getEnvironment().getProperty("local.server.port");
			String ingestUrl = "http://127.0.0.1:" + ingestPort;
			return ProgressFreshness.measure(ingestUrl, aggregatorUrl, FRESHNESS_PROBES);
		}
	}

	static ConfigurableApplicationContext aggregator(LocalInfrastructure infra, String applicationId, Path stateDir) {
		return SessionAggregatorApplication.application()
			.run(infra.serviceArguments("playback.aggregator", null, "--server.port=" + FreePorts.next(),
					"--spring.main.banner-mode=off", "--logging.level.org.apache.kafka=WARN", LocalStack.SERVICE_ONLY,
					"--spring.kafka.streams.application-id=" + applicationId,
					"--spring.kafka.streams.state-dir=" + stateDir));
	}

	static long committed(Admin admin, String group) throws Exception {
		Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
			.partitionsToOffsetAndMetadata()
			.get();
		return offsets.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().topic().equals(Topics.HEARTBEATS) && entry.getValue() != null)
			.mapToLong((entry) -> entry.getValue().offset())
			.sum();
	}

	private static void summary(List<Row> rows, List<Double> freshness, int playbacks, int warmups) {
		List<Double> ratios = rows.stream().map((row) -> row.aggregator() / row.consumerPerformance()).toList();
		double ratio = Figures.median(new ArrayList<>(ratios));
		Row middle = rows.stream()
			.filter((row) -> row.aggregator() / row.consumerPerformance() == ratio)
			.findFirst()
			.orElse(rows.get(0));
		List<Double> sorted = new ArrayList<>(freshness);
		Collections.sort(sorted);
		System.out.println();
		System.out
			.println("| figure (median of " + rows.size() + " runs, after " + warmups + " warm-up passes) | value |");
		System.out.println("|---|---|");
		System.out.printf(Locale.ROOT,
				"| aggregator, exactly-once, 1 instance, 2 stream threads | %.0f events/s = %.1f%% of ConsumerPerformance |%n",
				middle.aggregator(), 100 * ratio);
		System.out.printf(Locale.ROOT, "| Kafka ConsumerPerformance, same topic | %.0f records/s |%n",
				middle.consumerPerformance());
		double cpuRatio = Figures.median(new ArrayList<>(
				rows.stream().map((row) -> row.consumerCpu().totalUs() / row.aggregatorCpu().totalUs()).toList()));
		System.out.printf(Locale.ROOT,
				"| CPU per record, own JVM + broker: aggregator, ConsumerPerformance (median ratio) | "
						+ "%.1f us, %.1f us (%.1f%%) |%n",
				Figures.median(new ArrayList<>(rows.stream().map((row) -> row.aggregatorCpu().totalUs()).toList())),
				Figures.median(new ArrayList<>(rows.stream().map((row) -> row.consumerCpu().totalUs()).toList())),
				100 * cpuRatio);
		System.out.printf(Locale.ROOT,
				"| freshness, 202 to progress API (%d probes, ~1,000 events/s around) | "
						+ "p50 %.0f ms, p99 %.0f ms |%n",
				sorted.size(), Figures.percentile(sorted, 0.50), Figures.percentile(sorted, 0.99));
		System.out.printf(Locale.ROOT,
				"| state for %d open sessions (%d events) | %.1f MB on disk (RocksDB), %.0f MB heap after GC |%n",
				playbacks, (long) playbacks * EVENTS_PER_PLAYBACK, middle.stateBytes() / 1e6, middle.heapBytes() / 1e6);
	}

	/** Time the JIT has spent compiling in this JVM so far, all compiler threads. */
	private static long compilationMs() {
		return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
	}

	private static long heapAfterGc() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	static long treeSize(Path dir) throws IOException {
		try (Stream<Path> files = Files.walk(dir)) {
			return files.filter(Files::isRegularFile).mapToLong((file) -> file.toFile().length()).sum();
		}
	}

	static void deleteTree(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> files = Files.walk(dir)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

	static Admin admin(LocalInfrastructure infra) {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()));
	}

}
