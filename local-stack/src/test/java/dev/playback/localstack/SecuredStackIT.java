package dev.playback.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import dev.playback.infra.ConsumerGroups;
import dev.playback.infra.KafkaBroker;
import dev.playback.infra.LocalInfrastructure;
import dev.playback.ingest.IngestApiApplication;
import dev.playback.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole stack on a broker secured as production's: SASL/SCRAM, each service its own
 * user with only deploy/kafka's ACLs, PostgreSQL asking for its password. A heartbeat
 * goes all the way through (ingest, aggregator, both report services, each as itself);
 * what each service does on Kafka is refused to every other service's user and to a wrong
 * password; ingest signed in as another service answers 503, never 500; and no password
 * (Kafka's, PostgreSQL's) appears in any log line or actuator endpoint.
 */
class SecuredStackIT {

	/** What each service does on Kafka, tried with another user's sign-in. */
	private static final Map<String, Function<Map<String, Object>, Exception>> ACCESS = new LinkedHashMap<>();

	static {
		ACCESS.put("ingest-api", (settings) -> write(settings, Topics.HEARTBEATS));
		ACCESS.put("session-aggregator", (settings) -> {
			Exception reading = read(settings, Topics.HEARTBEATS, "session-aggregator-check");
			return (reading != null) ? reading : write(settings, Topics.SESSIONS);
		});
		ACCESS.put("royalty-service", (settings) -> read(settings, Topics.SESSIONS, "royalty-service"));
		ACCESS.put("ad-metrics-service", (settings) -> read(settings, Topics.SESSIONS, "ad-metrics-service"));
	}

	@Test
	void eachServiceWorksAsItsOwnUserAndIsRefusedAsAnyOther() throws Exception {
		SecretsInLogsIT.CapturedLogs logs = SecretsInLogsIT.CapturedLogs.install();
		List<String> secrets = new ArrayList<>();
		try (LocalStack stack = LocalStack.startSecured(0)) {
			LocalInfrastructure infra = stack.infra();
			secrets.addAll(infra.kafkaUsers().values());
			secrets.add(infra.postgres().password());

			// through the whole pipeline, each service signed in as itself
			String user = "secured-" + UUID.randomUUID();
			String playback = "pb-" + UUID.randomUUID();
			assertThat(post(stack.url("ingest-api"), event(playback, 0, user, "START", 0))).isEqualTo(202);
			assertThat(post(stack.url("ingest-api"), event(playback, 1, user, "HEARTBEAT", 5_000))).isEqualTo(202);
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> get(stack.url("session-aggregator") + "/v1/users/" + user + "/videos/video-1/progress")
					.contains("\"lastPositionMs\":5000"));
			// the aggregator writes sessions in transactions: their commit markers end
			// the topic
			for (String group : List.of("royalty-service", "ad-metrics-service")) {
				ConsumerGroups.awaitCaughtUp(infra.kafkaAdminSettings(), group, Topics.SESSIONS, true,
						Duration.ofSeconds(60));
			}

			// each service's access refused to every other user and to a wrong password
			for (Map.Entry<String, Function<Map<String, Object>, Exception>> access : ACCESS.entrySet()) {
				for (String other : LocalInfrastructure.SERVICE_USERS.values()) {
					if (other.equals(access.getKey())) {
						continue;
					}
					assertThat(access.getValue().apply(signedIn(infra, infra.kafkaClientSettings(other))))
						.as("%s's access as %s", access.getKey(), other)
						.isInstanceOf(AuthorizationException.class);
				}
				Map<String, Object> wrongPassword = new HashMap<>(
						KafkaBroker.clientSettings(access.getKey(), "not-" + UUID.randomUUID()));
				assertThat(access.getValue().apply(signedIn(infra, wrongPassword)))
					.as("%s with a wrong password", access.getKey())
					.isInstanceOf(AuthenticationException.class);
			}

			// ingest signed in as another service: no heartbeat gets through, and it says
			// so with a 503, not a 500
			try (ConfigurableApplicationContext wrong = IngestApiApplication.application()
				.run(infra.serviceArgumentsSignedInAs("royalty-service", "playback.ingest", null, "--server.port=0",
						"--spring.main.banner-mode=off", "--playback.ingest.publish-timeout=2s",
						LocalStack.SERVICE_ONLY))) {
				String url = "http://127.0.0.1:" + wrong.getEnvironment().getProperty("local.server.port");
				assertThat(post(url, event("pb-" + UUID.randomUUID(), 0, user, "START", 0))).isEqualTo(503);
			}

			for (String service : stack.ports().keySet()) {
				for (String endpoint : List.of("/actuator/health", "/actuator/info", "/actuator/prometheus")) {
					String body = get(stack.url(service) + endpoint);
					for (String secret : secrets) {
						assertThat(body).as(service + endpoint).doesNotContain(secret);
					}
				}
			}
		}
		finally {
			logs.remove();
		}
		assertThat(logs.lines()).as("the capture works").isNotEmpty();
		for (String secret : secrets) {
			assertThat(logs.lines()).as("log lines").noneMatch((line) -> line.contains(secret));
		}
	}

	private static Map<String, Object> signedIn(LocalInfrastructure infra, Map<String, Object> signIn) {
		Map<String, Object> settings = new HashMap<>(signIn);
		settings.put("bootstrap.servers", infra.kafkaBootstrapServers());
		return settings;
	}

	/** Writes one record; the failure, or null when it was written. */
	private static Exception write(Map<String, Object> settings, String topic) {
		Map<String, Object> config = new HashMap<>(settings);
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
		try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
				new ByteArraySerializer())) {
			producer.send(new ProducerRecord<>(topic, new byte[] { 1 })).get();
			return null;
		}
		catch (Exception ex) {
			return rootOf(ex);
		}
	}

	/** Reads in a group for up to 10 s; the failure, or null when nothing refused it. */
	private static Exception read(Map<String, Object> settings, String topic, String group) {
		Map<String, Object> config = new HashMap<>(settings);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(topic));
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(500));
			}
			return null;
		}
		catch (Exception ex) {
			return rootOf(ex);
		}
	}

	private static Exception rootOf(Exception failure) {
		Throwable cause = failure;
		while (!(cause instanceof AuthorizationException || cause instanceof AuthenticationException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return (cause instanceof Exception exception) ? exception : failure;
	}

	/**
	 * Whether the group has read every session revision written so far: the sessions
	 * topic is written in transactions, so each partition ends with a commit marker that
	 * takes an offset and that no consumer commits past.
	 */
	private static String event(String playbackId, int seq, String userId, String type, long positionMs) {
		return String.format(
				"{\"eventId\":\"%s\",\"playbackId\":\"%s\",\"seq\":%d,\"userId\":\"%s\",\"videoId\":\"video-1\","
						+ "\"type\":\"%s\",\"positionMs\":%d,\"eventTime\":\"%s\"}",
				UUID.randomUUID(), playbackId, seq, userId, type, positionMs, Instant.now());
	}

	private static int post(String baseUrl, String body) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/heartbeats"))
				.header("Content-Type", "application/json")
				.timeout(Duration.ofSeconds(30))
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	private static String get(String url) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

}
