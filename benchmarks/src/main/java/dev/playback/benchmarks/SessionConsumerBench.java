package dev.playback.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import dev.playback.infra.LocalInfrastructure;
import dev.playback.schemas.AvroSerdes;
import dev.playback.schemas.Topics;
import dev.playback.schemas.ViewingSession;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * What the report services' benchmarks share: session revisions pre-produced to the
 * sessions topic, the applied rate from the service's own counter, and the plain batched
 * insert rate of the same database beside it.
 */
final class SessionConsumerBench {

	private SessionConsumerBench() {
	}

	static void createTopic(LocalInfrastructure infra) throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()))) {
			admin.createTopics(List.of(Topics.spec(Topics.SESSIONS).toNewTopic(1))).all().get();
		}
	}

	static void send(LocalInfrastructure infra, List<ViewingSession> sessions) {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers(),
				ProducerConfig.LINGER_MS_CONFIG, 20);
		try (KafkaProducer<String, ViewingSession> producer = AvroSerdes.producer(infra.registry().apiUrl(), config)) {
			for (ViewingSession session : sessions) {
				producer.send(new ProducerRecord<>(Topics.SESSIONS, session.getSessionId(), session));
			}
			producer.flush();
		}
	}

	/**
	 * What one pass measured: revisions applied per second from the topic and rows per
	 * second of the plain insert right after it; CPU per revision applied (microseconds)
	 * of the service (this JVM, which does nothing else meanwhile: the revisions were
	 * produced before), of PostgreSQL with its backends and of the broker, from the
	 * listener's resume to the last revision applied.
	 */
	record Pass(double applied, double plain, double serviceMicros, double postgresMicros, double brokerMicros) {

		double ratio() {
			return this.applied / this.plain;
		}

	}

	/**
	 * A pass of warm-up (not counted: the service's JIT compiles its paths in it), then
	 * {@code repeats} passes, each with sessions of its own: the listener paused (its
	 * consumers stay in the group), the pass's revisions produced, the listener resumed
	 * and timed until it applied them all, then the plain insert of as many rows into a
	 * new copy of {@code table}, so that each ratio's two sides are measured on the
	 * machine of the same minute.
	 * @param sessionsOfPass the pass's revisions; session ids start with {@code bench-}
	 * and the pass number
	 * @param table the table of the applied sessions ({@code session_id},
	 * {@code revision})
	 * @param plainColumns the plain insert's columns of that table
	 * @param plainRow a plain insert row by index
	 */
	static List<Pass> passes(LocalInfrastructure infra, ConfigurableApplicationContext app, String listenerId,
			int repeats, IntFunction<List<ViewingSession>> sessionsOfPass, String table, String plainColumns,
			IntFunction<Object[]> plainRow) throws InterruptedException {
		JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
		Counter counter = app.getBean(MeterRegistry.class).get("sessions.applied").counter();
		MessageListenerContainer listener = app.getBean(KafkaListenerEndpointRegistry.class)
			.getListenerContainer(listenerId);
		List<Pass> passes = new ArrayList<>();
		for (int pass = 0; pass <= repeats; pass++) {
			// paused, not stopped: its consumers stay in the group, so no rebalance falls
			// into the timed pass
			listener.pause();
			long pausing = System.nanoTime();
			while (!listener.isContainerPaused()) {
				if (System.nanoTime() - pausing > 60e9) {
					throw new IllegalStateException("The listener did not pause within 60 s");
				}
				Thread.sleep(10);
			}
			List<ViewingSession> sessions = sessionsOfPass.apply(pass);
			long revisions = sessions.size();
			// what the table holds once all are applied: each session's newest revision
			long expected = sessions.stream()
				.collect(Collectors.toMap(ViewingSession::getSessionId, ViewingSession::getRevision, Math::max))
				.values()
				.stream()
				.mapToLong(Long::longValue)
				.sum();
			send(infra, sessions);
			double before = counter.count();
			long[] ticksBefore = ticks(infra);
			listener.resume();
			double applied = appliedRate(counter, before, revisions);
			long[] ticksAfter = ticks(infra);
			// a tick is 10 ms: 10,000 us
			double[] micros = new double[3];
			for (int i = 0; i < micros.length; i++) {
				micros[i] = (ticksAfter[i] - ticksBefore[i]) * 10_000.0 / revisions;
			}
			Long stored = jdbc.queryForObject(
					"SELECT COALESCE(SUM(revision), 0) FROM " + table + " WHERE session_id LIKE 'bench-" + pass + "-%'",
					Long.class);
			if (stored == null || stored != expected) {
				throw new IllegalStateException("Pass " + pass + ": the service counted " + revisions
						+ " revisions applied, but its newest revisions sum to " + stored + ", not " + expected);
			}
			double plain = plainInsertRate(jdbc, table, "bench_plain_" + pass, plainColumns, (int) revisions, plainRow);
			System.out.printf(Locale.ROOT,
					"pass %d%s: %.0f revisions/s, plain insert %.0f rows/s, %.1f%%; CPU per revision: service %.1f us, "
							+ "PostgreSQL %.1f us, broker %.1f us%n",
					pass, (pass == 0) ? " (warm-up, not counted)" : "", applied, plain, 100 * applied / plain,
					micros[0], micros[1], micros[2]);
			if (pass > 0) {
				passes.add(new Pass(applied, plain, micros[0], micros[1], micros[2]));
			}
		}
		return passes;
	}

	/** CPU ticks of this JVM (the service), PostgreSQL and the broker. */
	private static long[] ticks(LocalInfrastructure infra) {
		return new long[] { ServiceProcesses.ownCpuTicks(ProcessHandle.current().pid()),
				ServiceProcesses.cpuTicks(infra.postgres().pid()), ServiceProcesses.cpuTicks(infra.kafka().pid()) };
	}

	/**
	 * Revisions per second from the first applied to the last, from the service's
	 * {@code sessions.applied} counter (revisions in committed batches) polled every 10
	 * ms: a counter in this JVM, so that measuring takes nothing from the database being
	 * measured.
	 */
	private static double appliedRate(Counter counter, double before, long revisions) throws InterruptedException {
		long began = System.nanoTime();
		long firstAt = 0;
		double first = -1;
		while (true) {
			double applied = counter.count() - before;
			if (first < 0 && applied > 0) {
				first = applied;
				firstAt = System.nanoTime();
			}
			if (applied >= revisions) {
				return (revisions - first) / ((System.nanoTime() - firstAt) / 1e9);
			}
			if (System.nanoTime() - began > 900e9) {
				throw new IllegalStateException("Revisions not applied after 15 min: " + applied + " of " + revisions);
			}
			Thread.sleep(10);
		}
	}

	/**
	 * Rows per second of a plain insert in JDBC batches of 1,000 into {@code copy}, a new
	 * copy of {@code table}.
	 */
	static double plainInsertRate(JdbcTemplate jdbc, String table, String copy, String columns, int rows,
			IntFunction<Object[]> row) {
		jdbc.execute("CREATE TABLE " + copy + " (LIKE " + table + " INCLUDING ALL)");
		String insert = "INSERT INTO " + copy + " (" + columns + ") VALUES ("
				+ "?,".repeat(columns.split(",").length - 1) + "?)";
		List<Object[]> batch = new ArrayList<>();
		long began = System.nanoTime();
		for (int i = 0; i < rows; i++) {
			batch.add(row.apply(i));
			if (batch.size() == 1_000 || i == rows - 1) {
				jdbc.batchUpdate(insert, batch);
				batch.clear();
			}
		}
		return rows / ((System.nanoTime() - began) / 1e9);
	}

	/**
	 * Milliseconds of 10 GETs after 2 warm-ups, sorted; each answer must be 200 and hold
	 * {@code expected}.
	 */
	static List<Double> latencies(int port, String path, String key, String expected) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Authorization", "Bearer " + key)
			.build();
		List<Double> latencies = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			long began = System.nanoTime();
			HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
			double ms = (System.nanoTime() - began) / 1e6;
			if (answer.statusCode() != 200 || !answer.body().contains(expected)) {
				throw new IllegalStateException(path + " answered " + answer.statusCode() + ": "
						+ answer.body().substring(0, Math.min(500, answer.body().length())));
			}
			if (i >= 2) {
				latencies.add(ms);
			}
		}
		Collections.sort(latencies);
		return latencies;
	}

	/**
	 * Whether to measure the applying of revisions only ({@code -Dbench.apply-only=true}:
	 * the capacity model's inputs), without the read side's data and requests.
	 */
	static boolean applyOnly() {
		return Boolean.getBoolean("bench.apply-only");
	}

	/**
	 * Revisions per session ({@code -Dbench.revisions-per-session}, 2 unless given): the
	 * first inserts a session's rows, the others update them. Real-time viewers send a
	 * revision per heartbeat, so their sessions have dozens (the capacity model's inputs
	 * are measured with 10). A pass produces every session's first revision, then every
	 * session's second, and so on: with 50,000 sessions or more per pass no poll holds
	 * two revisions of one session, which would be coalesced before the database.
	 */
	static int revisionsPerSession() {
		return Integer.getInteger("bench.revisions-per-session", 2);
	}

	/**
	 * What a pass applies, for the figures: "100000 revisions of 50000 sessions".
	 */
	static String revisionsOfSessions(int revisions) {
		return revisions + " revisions of " + revisions / revisionsPerSession() + " sessions";
	}

	/**
	 * The figures of a report service's benchmark as a Markdown table: the applied rate
	 * beside the plain insert, then the read latency.
	 * @param applied what was applied, e.g. "100000 revisions of 50000 sessions"
	 * @param read what was read, e.g. "statement, 10000 videos, 31 days"
	 */
	static void printFigures(String applied, List<Pass> passes, String read, List<Double> latencies) {
		System.out.println();
		System.out.println("| figure | value |");
		System.out.println("|---|---|");
		List<Double> ratios = passes.stream().map(Pass::ratio).toList();
		System.out.printf(Locale.ROOT,
				"| session revisions applied from the topic (%s), median of %d passes | %.0f revisions/s = %.1f%% of the plain insert rate (passes: %s) |%n",
				applied, passes.size(), Figures.median(passes.stream().map(Pass::applied).toList()),
				100 * Figures.median(ratios), String.join(", ",
						ratios.stream().map((ratio) -> String.format(Locale.ROOT, "%.1f%%", 100 * ratio)).toList()));
		System.out.printf(Locale.ROOT, "| plain batched insert, same database, same passes | %.0f rows/s (median) |%n",
				Figures.median(passes.stream().map(Pass::plain).toList()));
		System.out.printf(Locale.ROOT,
				"| CPU per revision applied at saturation (medians): service / PostgreSQL / broker | %.1f us / %.1f us / %.1f us |%n",
				Figures.median(passes.stream().map(Pass::serviceMicros).toList()),
				Figures.median(passes.stream().map(Pass::postgresMicros).toList()),
				Figures.median(passes.stream().map(Pass::brokerMicros).toList()));
		if (!latencies.isEmpty()) {
			System.out.printf(Locale.ROOT, "| %s (%d requests after 2 warm-ups) | median %.0f ms, max %.0f ms |%n",
					read, latencies.size(), latencies.get(latencies.size() / 2), latencies.get(latencies.size() - 1));
		}
	}

}
