package dev.playback.aggregator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import dev.playback.aggregator.session.SessionViews;
import dev.playback.infra.BadInputs;
import dev.playback.infra.FreePorts;
import dev.playback.infra.LocalInfrastructure;
import dev.playback.schemas.AdInfo;
import dev.playback.schemas.AvroSerdes;
import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.Topics;
import dev.playback.schemas.ViewingSession;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

	static final JsonMapper JSON = JsonMapper.builder().build();

	@BeforeAll
	static void start() throws Exception {
		infra = LocalInfrastructure.shared();
		stateDir = Files.createTempDirectory("aggregator-it");
	}

	@AfterAll
	static void stop() throws Exception {
		try (var files = Files.walk(stateDir)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

	@Test
	void sessionsAreExactWhenOneOfTwoInstancesIsKilledMidStream() throws Exception {
		Random random = new Random(42);
		Instant base = Instant.now().minus(Duration.ofHours(1));
		Map<String, List<Heartbeat>> playbacks = new HashMap<>();
		for (int i = 0; i < PLAYBACKS; i++) {
			String playbackId = "pb-" + UUID.randomUUID();
			playbacks.put(playbackId,
					playback(playbackId, "user-" + i + "-" + UUID.randomUUID(), base, random, i % 8 == 0));
		}
		int secondPort = FreePorts.next();
		Process second = childInstance(secondPort);
		try (ConfigurableApplicationContext first = instance();
				KafkaProducer<String, Heartbeat> producer = producer();
				KafkaConsumer<String, ViewingSession> consumer = consumer()) {
			awaitAnswering(Integer.parseInt(port(first)));
			awaitAnswering(secondPort);
			List<ConsumerRecord<String, ViewingSession>> out = new ArrayList<>();

			sendHalf(producer, playbacks, true, random);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> poll(consumer, out).stream()
					.map(ConsumerRecord::key)
					.distinct()
					.filter(playbacks::containsKey)
					.count() == PLAYBACKS);

			String someUser = playbacks.values().iterator().next().get(0).getUserId();
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				JsonNode fromFirst = sessionsOf(first, someUser);
				JsonNode fromSecond = sessionsOf(secondPort, someUser);
				assertThat(fromFirst.get("total").asInt()).isPositive();
				assertThat(fromSecond.get("sessions")).isEqualTo(fromFirst.get("sessions"));
			});

			second.destroyForcibly();
			assertThat(second.waitFor(30, TimeUnit.SECONDS)).as("killed").isTrue();
			sendHalf(producer, playbacks, false, random);

			Map<String, String> expected = new HashMap<>();
			playbacks.values()
				.forEach((events) -> SessionRules.sessions(events)
					.forEach((SessionSummary summary) -> expected.put(summary.sessionId(), SessionViews.of(summary))));
			await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				Map<String, ViewingSession> latest = latest(poll(consumer, out), expected);
				assertThat(latest).hasSameSizeAs(expected);
				latest.forEach((id, session) -> {
					assertThat(session.getClosed()).as(id + " closed").isTrue();
					assertThat(SessionViews.of(session)).as(id).isEqualTo(expected.get(id));
				});
			});

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
			JsonNode progress = JSON.readTree(RestClient.create("http://127.0.0.1:" + port(first))
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
		}
		finally {
			second.destroyForcibly();
		}
	}

	/** The latest record per expected session id, checking that revisions only grow. */
	private static Map<String, ViewingSession> latest(List<ConsumerRecord<String, ViewingSession>> out,
			Map<String, String> expected) {
		Map<String, ViewingSession> latest = new HashMap<>();
		for (ConsumerRecord<String, ViewingSession> record : out) {
			if (!expected.containsKey(record.key())) {
				continue;
			}
			ViewingSession before = latest.get(record.key());
			if (before != null) {
				assertThat(record.value().getRevision()).as("revisions of " + record.key())
					.isGreaterThan(before.getRevision());
			}
			latest.put(record.key(), record.value());
		}
		return latest;
	}

	/**
	 * A viewer's playback: START, heartbeats every 5 s with a seek, a pause and an ad
	 * break, STOP; now and then 31 minutes of silence that splits it.
	 */
	private static List<Heartbeat> playback(String playbackId, String userId, Instant base, Random random,
			boolean split) {
		List<Heartbeat.Builder> events = new ArrayList<>();
		long seconds = random.nextInt(60);
		long position = 0;
		int beats = 16 + random.nextInt(10);
		events.add(event(playbackId, userId, events.size(), EventType.START, base.plusSeconds(seconds), position));
		for (int i = 0; i < beats; i++) {
			seconds += 5;
			if (split && i == beats / 2) {
				seconds += 31 * 60;
			}
			if (i == 4) {
				events.add(event(playbackId, userId, events.size(), EventType.AD_START, base.plusSeconds(seconds),
						position)
					.setAd(new AdInfo("ad-" + playbackId, "ad-1", 0L, 6_000L, null, null)));
				for (int s = 1; s <= 6; s++) {
					events.add(event(playbackId, userId, events.size(),
							(s == 6) ? EventType.AD_COMPLETE : EventType.AD_HEARTBEAT, base.plusSeconds(seconds + s),
							position)
						.setAd(new AdInfo("ad-" + playbackId, "ad-1", s * 1_000L, 6_000L, null, null)));
				}
				seconds += 7;
				events.add(event(playbackId, userId, events.size(), EventType.RESUME, base.plusSeconds(seconds),
						position));
				continue;
			}
			if (i == 9) {
				long to = position + 60_000;
				events.add(event(playbackId, userId, events.size(), EventType.SEEK, base.plusSeconds(seconds), to)
					.setFromPositionMs(position + 5_000));
				position = to;
				continue;
			}
			position += 5_000;
			events.add(
					event(playbackId, userId, events.size(), EventType.HEARTBEAT, base.plusSeconds(seconds), position));
		}
		events.add(event(playbackId, userId, events.size(), EventType.STOP, base.plusSeconds(seconds + 2),
				position + 2_000));
		return events.stream().map(Heartbeat.Builder::build).toList();
	}

	private static Heartbeat.Builder event(String playbackId, String userId, int seq, EventType type, Instant at,
			long positionMs) {
		return Heartbeat.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setPlaybackId(playbackId)
			.setSeq(seq)
			.setUserId(userId)
			.setVideoId("video-1")
			.setType(type)
			.setPositionMs(positionMs)
			.setEventTime(at)
			.setReceivedAt(Instant.now());
	}

	/**
	 * Sends the first or second half of every playback, slightly shuffled and with some
	 * duplicates, as players on a poor network would.
	 */
	private static void sendHalf(KafkaProducer<String, Heartbeat> producer, Map<String, List<Heartbeat>> playbacks,
			boolean first, Random random) {
		for (List<Heartbeat> events : playbacks.values()) {
			int middle = events.size() / 2;
			List<Heartbeat> half = new ArrayList<>(
					first ? events.subList(0, middle) : events.subList(middle, events.size()));
			for (int i = 0; i + 1 < half.size(); i += 3) {
				if (random.nextBoolean()) {
					Heartbeat swapped = half.get(i);
					half.set(i, half.get(i + 1));
					half.set(i + 1, swapped);
				}
			}
			half.add(half.get(random.nextInt(half.size())));
			for (Heartbeat event : half) {
				producer.send(new ProducerRecord<>(Topics.HEARTBEATS, event.getUserId(), event));
			}
		}
		producer.flush();
	}

	private static ConfigurableApplicationContext instance() {
		return SessionAggregatorApplication.application().run(arguments(FreePorts.next()));
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
				"--spring.kafka.streams.properties.heartbeat.interval.ms=1000");
	}

	private static void awaitAnswering(int port) {
		await().atMost(Duration.ofSeconds(90))
			.ignoreExceptions()
			.until(() -> sessionsOf(port, "nobody").get("total").asInt() == 0);
	}

	private static JsonNode sessionsOf(ConfigurableApplicationContext instance, String userId) {
		return sessionsOf(Integer.parseInt(port(instance)), userId);
	}

	private static JsonNode sessionsOf(int port, String userId) {
		String body = RestClient.create("http://127.0.0.1:" + port)
			.get()
			.uri("/v1/users/{userId}/sessions?limit=100", userId)
			.retrieve()
			.body(String.class);
		return JSON.readTree(body);
	}

	private static String port(ConfigurableApplicationContext instance) {
		return instance.getEnvironment().getProperty("local.server.port");
	}

	private static KafkaProducer<String, Heartbeat> producer() {
		return AvroSerdes.producer(infra.registry().apiUrl(),
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()));
	}

	private static KafkaConsumer<String, ViewingSession> consumer() {
		Map<String, Object> config = new HashMap<>(AvroSerdes.deserializerConfig(infra.registry().apiUrl()));
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
		config.put(ConsumerConfig.GROUP_ID_CONFIG, "two-instances-it-" + UUID.randomUUID());
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		AvroKafkaDeserializer<ViewingSession> values = new AvroKafkaDeserializer<>();
		values.configure(config, false);
		KafkaConsumer<String, ViewingSession> consumer = new KafkaConsumer<>(config, new StringDeserializer(), values);
		consumer.subscribe(List.of(Topics.SESSIONS));
		return consumer;
	}

	private static List<ConsumerRecord<String, ViewingSession>> poll(KafkaConsumer<String, ViewingSession> consumer,
			List<ConsumerRecord<String, ViewingSession>> out) {
		consumer.poll(Duration.ofMillis(200)).forEach(out::add);
		return out;
	}

}
