package dev.playback.aggregator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.playback.rules.Interval;
import dev.playback.rules.Segments;
import dev.playback.rules.SessionRules;
import dev.playback.rules.SessionSummary;
import dev.playback.infra.BadInputs;
import dev.playback.infra.FreePorts;
import dev.playback.infra.LocalInfrastructure;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.ViewingSession;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two aggregator instances share one stream on the real broker and registry; one, running
 * in its own JVM, is killed (SIGKILL, no shutdown) in the middle. Every session that
 * comes out equals what the rules give for its events (no double count, no loss),
 * revisions only grow, and either instance answers the read API for any user.
 */
class TwoInstancesIT {

	static final int PLAYBACKS = 24;

	static LocalInfrastructure infra;

	static String applicationId = "aggregator-it-" + UUID.randomUUID();

	static Path stateDir;

	@BeforeAll
	static void start() throws Exception {
		infra = LocalInfrastructure.shared();
		stateDir = Files.createTempDirectory("aggregator-it");
	}

	@AfterAll
	static void stop() throws Exception {
		deleteTree(stateDir);
	}

	@Test
	void sessionsAreExactWhenOneOfTwoInstancesIsKilledMidStream() throws Exception {
		Random random = new Random(42);
		Map<String, List<Heartbeat>> playbacks = Playbacks.some(PLAYBACKS, random);
		int secondPort = FreePorts.next();
		Process second = childInstance(secondPort);
		try (ConfigurableApplicationContext first = instance();
				KafkaProducer<String, Heartbeat> producer = Playbacks.producer();
				KafkaConsumer<String, ViewingSession> consumer = Playbacks.consumer()) {
			awaitAnswering(Integer.parseInt(port(first)));
			awaitAnswering(secondPort);
			List<ConsumerRecord<String, ViewingSession>> out = new ArrayList<>();

			Playbacks.sendHalf(producer, playbacks, true, random);
			Playbacks.awaitASessionOfEach(consumer, out, playbacks, Duration.ofSeconds(60));

			String someUser = playbacks.values().iterator().next().get(0).getUserId();
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				JsonNode fromFirst = sessionsOf(first, someUser);
				JsonNode fromSecond = Playbacks.sessionsOf(secondPort, someUser);
				assertThat(fromFirst.get("total").asInt()).isPositive();
				assertThat(fromSecond.get("sessions")).isEqualTo(fromFirst.get("sessions"));
			});

			// every user's sessions, once both instances agree on them
			List<String> users = playbacks.values().stream().map((events) -> events.get(0).getUserId()).toList();
			Map<String, JsonNode> beforeKill = new HashMap<>();
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				for (String user : users) {
					JsonNode fromFirst = sessionsOf(first, user).get("sessions");
					assertThat(Playbacks.sessionsOf(secondPort, user).get("sessions")).isEqualTo(fromFirst);
					beforeKill.put(user, fromFirst);
				}
			});

			second.destroyForcibly();
			assertThat(second.waitFor(30, TimeUnit.SECONDS)).as("killed").isTrue();
			// at once, before the group notices: the users the killed instance owned are
			// answered from the survivor's standby copy (num.standby.replicas 1), marked
			// stale, not refused
			long killed = System.nanoTime();
			int stale = 0;
			for (String user : users) {
				JsonNode answer = sessionsOf(first, user);
				stale += answer.get("stale").asBoolean() ? 1 : 0;
			}
			long readMillis = (System.nanoTime() - killed) / 1_000_000;
			assertThat(stale).as("users answered from the standby right after the kill").isPositive();
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(users)
					.allSatisfy((user) -> assertThat(sessionsOf(first, user).get("sessions")).as(user)
						.isEqualTo(beforeKill.get(user))));
			System.out.printf("Owner killed: %d of %d users answered from the standby (stale) in the first %d ms, "
					+ "all with the sessions they had%n", stale, users.size(), readMillis);
			Playbacks.sendHalf(producer, playbacks, false, random);

			Map<String, String> expected = Playbacks.expected(playbacks);
			Playbacks.awaitExact(consumer, out, expected, Duration.ofSeconds(90));

			JsonNode read = sessionsOf(first, someUser);
			assertThat(read.get("stale").asBoolean()).isFalse();
			assertThat(read.get("sessions").findValuesAsString("sessionId"))
				.containsExactlyInAnyOrderElementsOf(playbacks.values()
					.stream()
					.filter((events) -> events.get(0).getUserId().equals(someUser))
					.flatMap((events) -> SessionRules.sessions(events).stream())
					.map(SessionSummary::sessionId)
					.toList());
			List<Interval> watched = playbacks.values()
				.stream()
				.filter((events) -> events.get(0).getUserId().equals(someUser))
				.flatMap((events) -> SessionRules.sessions(events).stream())
				.flatMap((summary) -> summary.segments().stream())
				.toList();
			JsonNode progress = Playbacks.JSON.readTree(RestClient.create("http://127.0.0.1:" + port(first))
				.get()
				.uri("/v1/users/{userId}/videos/video-1/progress", someUser)
				.retrieve()
				.body(String.class));
			assertThat(progress.get("uniqueWatchedMs").asLong())
				.isEqualTo(Segments.totalLength(Segments.union(watched)));

			// hostile ids and paging never make a 5xx on the read APIs
			for (String bad : BadInputs.corpusAndGenerated(150)) {
				String x = BadInputs.encode(bad);
				for (String path : List.of("/v1/users/" + x + "/sessions",
						"/v1/users/" + x + "/videos/video-1/progress", "/v1/users/user-1/videos/" + x + "/progress",
						"/v1/users/user-1/sessions?offset=" + x, "/v1/users/user-1/sessions?limit=" + x)) {
					int status = BadInputs.send(Integer.parseInt(port(first)), "GET", path, null, null).statusCode();
					assertThat(status).as(path).isLessThan(500);
				}
			}

			// the state directory lost while the instance is down: a new one on the same
			// (now empty) directory restores from the changelogs and answers the same
			Map<String, JsonNode> beforeLoss = new HashMap<>();
			users.forEach((user) -> beforeLoss.put(user, sessionsOf(first, user).get("sessions")));
			int port = Integer.parseInt(port(first));
			first.close();
			Path state = stateDir.resolve("instance-" + port);
			deleteTree(state);
			long restarted = System.nanoTime();
			try (ConfigurableApplicationContext restored = instance(port)) {
				await().atMost(Duration.ofSeconds(120))
					.pollInterval(Duration.ofMillis(100))
					.ignoreExceptions()
					.untilAsserted(() -> assertThat(users)
						.allSatisfy((user) -> assertThat(sessionsOf(restored, user).get("sessions")).as(user)
							.isEqualTo(beforeLoss.get(user))));
				long restoreMillis = (System.nanoTime() - restarted) / 1_000_000;
				long bytes;
				try (var files = Files.walk(state)) {
					bytes = files.filter(Files::isRegularFile).mapToLong((file) -> file.toFile().length()).sum();
				}
				System.out.printf(
						"State directory deleted: restored from the changelogs (%d KiB on disk after) and "
								+ "all %d users answered as before %d ms after start%n",
						bytes / 1024, users.size(), restoreMillis);
			}
		}
		finally {
			second.destroyForcibly();
		}
	}

	private static void deleteTree(Path root) throws IOException {
		try (var files = Files.walk(root)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

	private static ConfigurableApplicationContext instance() {
		return instance(FreePorts.next());
	}

	private static ConfigurableApplicationContext instance(int port) {
		return SessionAggregatorApplication.application().run(arguments(port));
	}

	/**
	 * An instance in its own JVM, on this test's class path, so that it can be killed.
	 */
	private static Process childInstance(int port) throws Exception {
		List<String> command = new ArrayList<>(
				List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m", "-cp",
						System.getProperty("java.class.path"), SessionAggregatorApplication.class.getName()));
		command.addAll(List.of(arguments(port)));
		return new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(stateDir.resolve("killed-instance.log").toFile())
			.start();
	}

	private static String[] arguments(int port) {
		return infra.serviceArguments("playback.aggregator", null, "--server.port=" + port,
				"--spring.main.banner-mode=off", "--logging.level.org.apache.kafka=WARN",
				"--spring.kafka.streams.application-id=" + applicationId,
				"--spring.kafka.streams.state-dir=" + stateDir.resolve("instance-" + port),
				"--playback.aggregator.sessions.stop-grace=1s",
				// a killed member does not leave its group: the group notices it gone
				// after
				// the session timeout, here the broker's minimum
				"--spring.kafka.streams.properties.session.timeout.ms=6000",
				// each instance keeps a standby copy of the other's state
				"--spring.kafka.streams.properties.num.standby.replicas=1",
				"--spring.kafka.streams.properties.heartbeat.interval.ms=1000");
	}

	private static void awaitAnswering(int port) {
		await().atMost(Duration.ofSeconds(90))
			.ignoreExceptions()
			.until(() -> Playbacks.sessionsOf(port, "nobody").get("total").asInt() == 0);
	}

	private static JsonNode sessionsOf(ConfigurableApplicationContext instance, String userId) {
		return Playbacks.sessionsOf(Integer.parseInt(port(instance)), userId);
	}

	private static String port(ConfigurableApplicationContext instance) {
		return instance.getEnvironment().getProperty("local.server.port");
	}

}
