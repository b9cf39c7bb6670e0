package dev.playback.localstack.bench;

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

import dev.playback.infra.LocalInfrastructure;
import dev.playback.schemas.AvroSerdes;
import dev.playback.schemas.Topics;
import dev.playback.schemas.ViewingSession;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the report services' benchmarks share: session revisions pre-produced to the
 * sessions topic, the applied rate polled from the service's database, and the plain
 * batched insert rate of the same database beside it.
 */
final class SessionConsumerBench {

	private SessionConsumerBench() {
	}

	/** Creates the sessions topic and writes the sessions to it, keyed by session id. */
	static void produce(LocalInfrastructure infra, List<ViewingSession> sessions) throws Exception {
		createTopic(infra);
		send(infra, sessions);
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
	 * Revisions per second from the first applied to the last (the application's start
	 * left out), polling {@code sumOfRevisions} (the sum of the stored revisions) every
	 * 100 ms until it reaches {@code target}.
	 */
	static double appliedRate(JdbcTemplate jdbc, String sumOfRevisions, long target, long started)
			throws InterruptedException {
		long firstAt = 0;
		long firstApplied = -1;
		while (true) {
			Long applied = jdbc.queryForObject(sumOfRevisions, Long.class);
			if (firstApplied < 0 && applied > 0) {
				firstApplied = applied;
				firstAt = System.nanoTime();
			}
			if (applied >= target) {
				return (target - firstApplied) / ((System.nanoTime() - firstAt) / 1e9);
			}
			if (System.nanoTime() - started > 900e9) {
				throw new IllegalStateException("Revisions not applied after 15 min: " + applied + " of " + target);
			}
			Thread.sleep(100);
		}
	}

	/**
	 * Rows per second of a plain insert in JDBC batches of 1,000 into a new copy of
	 * {@code table}.
	 */
	static double plainInsertRate(JdbcTemplate jdbc, String table, String columns, int rows,
			IntFunction<Object[]> row) {
		jdbc.execute("CREATE TABLE bench_plain (LIKE " + table + " INCLUDING ALL)");
		String insert = "INSERT INTO bench_plain (" + columns + ") VALUES ("
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
	 * The figures of a report service's benchmark as a Markdown table: the applied rate
	 * beside the plain insert, then the read latency.
	 * @param applied what was applied, e.g. "100000 revisions of 50000 sessions"
	 * @param read what was read, e.g. "statement, 10000 videos, 31 days"
	 */
	static void printFigures(String applied, double appliedRate, double plainRate, String read,
			List<Double> latencies) {
		System.out.println();
		System.out.println("| figure | value |");
		System.out.println("|---|---|");
		System.out.printf(Locale.ROOT,
				"| session revisions applied from the topic (%s) | %.0f revisions/s = %.1f%% of the plain insert rate |%n",
				applied, appliedRate, 100 * appliedRate / plainRate);
		System.out.printf(Locale.ROOT, "| plain batched insert, same database, same run | %.0f rows/s |%n", plainRate);
		System.out.printf(Locale.ROOT, "| %s (%d requests after 2 warm-ups) | median %.0f ms, max %.0f ms |%n", read,
				latencies.size(), latencies.get(latencies.size() / 2), latencies.get(latencies.size() - 1));
	}

}
