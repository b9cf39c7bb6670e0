package dev.playback.ingest.heartbeat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.playback.infra.LocalInfrastructure;
import dev.playback.schemas.AvroSerdes;
import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.Topics;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ingest-api against a real Kafka broker and the real registry over HTTP.
 */
class HeartbeatApiIT {

	static final LocalInfrastructure infra = LocalInfrastructure.shared();

	static RunningIngest ingest;

	static RestClient http;

	@BeforeAll
	static void start() {
		ingest = RunningIngest.start(infra);
		http = ingest.http();
	}

	@AfterAll
	static void stop() {
		ingest.close();
	}

	@Test
	void acceptedEventsAreOnTheTopicAsAvroKeyedByUserInOrder() {
		String user = "user-" + UUID.randomUUID();
		String playback = "pb-" + UUID.randomUUID();
		List<String> batch = new ArrayList<>();
		for (int seq = 0; seq < 5; seq++) {
			batch.add(event(playback, seq, user, (seq == 0) ? "START" : "HEARTBEAT", seq * 5000));
		}
		var response = http.post()
			.uri("/v1/heartbeats")
			.contentType(MediaType.APPLICATION_JSON)
			.body("[" + String.join(",", batch) + "]")
			.retrieve()
			.toEntity(String.class);
		assertThat(response.getStatusCode().value()).isEqualTo(202);
		assertThat(response.getBody()).isEqualTo("{\"accepted\":5}");

		List<ConsumerRecord<String, Heartbeat>> records = readHeartbeats(user, 5);
		assertThat(records).extracting(ConsumerRecord::key).containsOnly(user);
		assertThat(records).extracting((record) -> record.value().getSeq()).containsExactly(0L, 1L, 2L, 3L, 4L);
		Heartbeat first = records.get(0).value();
		assertThat(first.getType()).isEqualTo(EventType.START);
		assertThat(first.getPlaybackId()).isEqualTo(playback);
		assertThat(first.getVideoId()).isEqualTo("video-1");
		assertThat(first.getReceivedAt()).isAfter(Instant.now().minusSeconds(60));
		assertThat(records).extracting(ConsumerRecord::partition).containsOnly(records.get(0).partition());
	}

	@Test
	void aBatchWithOneBadEventIsRejectedWholeAndNothingIsPublished() {
		String user = "user-" + UUID.randomUUID();
		String good = event("pb-good", 0, user, "START", 0);
		String bad = event("pb-bad", 1, user, "NOT_A_TYPE", 0);
		var response = http.post()
			.uri("/v1/heartbeats")
			.contentType(MediaType.APPLICATION_JSON)
			.body("[" + good + "," + bad + "]")
			.retrieve()
			.toEntity(String.class);
		assertThat(response.getStatusCode().value()).isEqualTo(400);
		assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
		assertThat(response.getBody()).contains("\"index\":1").contains("\"field\":\"type\"");

		// a marker sent afterwards for the same user is the first record of that user on
		// the topic
		String marker = event("pb-marker", 0, user, "START", 0);
		assertThat(http.post()
			.uri("/v1/heartbeats")
			.contentType(MediaType.APPLICATION_JSON)
			.body(marker)
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.value()).isEqualTo(202);
		List<ConsumerRecord<String, Heartbeat>> records = readHeartbeats(user, 1);
		assertThat(records).extracting((record) -> record.value().getPlaybackId()).containsExactly("pb-marker");
	}

	@Test
	void otherContentTypesAreAnswered415() {
		var response = http.post()
			.uri("/v1/heartbeats")
			.contentType(MediaType.APPLICATION_XML)
			.body("<hello/>")
			.retrieve()
			.toEntity(String.class);
		assertThat(response.getStatusCode().value()).isEqualTo(415);
		assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
	}

	@Test
	void batchesOver500EventsAreAnswered413() {
		String event = event("pb", 0, "u", "START", 0);
		var response = http.post()
			.uri("/v1/heartbeats")
			.contentType(MediaType.APPLICATION_JSON)
			.body("[" + String.join(",", java.util.Collections.nCopies(501, event)) + "]")
			.retrieve()
			.toEntity(String.class);
		assertThat(response.getStatusCode().value()).isEqualTo(413);
	}

	@Test
	void unknownFieldsAreIgnored() {
		String user = "user-" + UUID.randomUUID();
		String withExtra = event("pb-extra", 0, user, "START", 0).replace("{", "{\"playerVersion\":\"9.1\",");
		assertThat(ingest.post(withExtra).getStatusCode().value()).isEqualTo(202);
		assertThat(readHeartbeats(user, 1)).hasSize(1);
	}

	@Test
	void malformedJsonIsAProblemDetail() {
		var response = ingest.post("[{\"eventId\": ");
		assertThat(response.getStatusCode().value()).isEqualTo(400);
		assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
		assertThat(response.getBody()).contains("Malformed JSON");
	}

	@Test
	void wrongTypesAreNamedByIndexAndField() {
		String bad = event("pb", 0, "u", "START", 0).replace("\"seq\":0", "\"seq\":\"zero\"");
		var response = ingest.post("[" + event("pb", 0, "u", "START", 0) + "," + bad + "]");
		assertThat(response.getStatusCode().value()).isEqualTo(400);
		assertThat(response.getBody())
			.contains("{\"index\":1,\"field\":\"seq\",\"message\":\"has the wrong type or format\"}");
	}

	@Test
	void bodiesOverOneMebibyteAreAnswered413WithOrWithoutADeclaredLength() throws Exception {
		String big = "[" + event("pb", 0, "u", "START", 0) + "," + " ".repeat(1024 * 1024) + "]";
		assertThat(ingest.post(big).getStatusCode().value()).isEqualTo(413);

		// chunked: no Content-Length, the cap applies while reading
		var client = java.net.http.HttpClient.newHttpClient();
		var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(ingest.baseUrl() + "/v1/heartbeats"))
			.header("Content-Type", "application/json")
			.POST(java.net.http.HttpRequest.BodyPublishers
				.ofInputStream(() -> new java.io.ByteArrayInputStream(big.getBytes())))
			.build();
		var response = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
	}

	@Test
	void theOpenApiDocumentDescribesTheEndpoint() {
		String document = http.get().uri("/v3/api-docs").retrieve().body(String.class);
		// the operation, both content types, each answer, and the schemas it names
		assertThat(document).contains("\"/v1/heartbeats\":{\"post\":")
			.contains("\"operationId\":\"accept\"")
			.contains("\"text/plain\":{\"schema\":{\"oneOf\":[{\"$ref\":\"#/components/schemas/HeartbeatRequest\"}")
			.contains("\"items\":{\"$ref\":\"#/components/schemas/HeartbeatRequest\"}")
			.contains("\"202\"", "\"400\"", "\"405\"", "\"413\"", "\"415\"", "\"429\"", "\"503\"")
			.contains("\"HeartbeatRequest\":{", "\"Ad\":{", "\"Accepted\":{")
			.contains("\"playbackId\":{");
	}

	@Test
	void otherMethodsMediaTypesAndAcceptsAreProblemDetails() throws Exception {
		var get = send(java.net.http.HttpRequest.newBuilder(heartbeats()).GET());
		assertThat(get.statusCode()).isEqualTo(405);
		assertThat(get.headers().firstValue("Allow")).contains("POST, OPTIONS");
		assertThat(get.headers().firstValue("Content-Type")).contains("application/problem+json");
		assertThat(get.body()).contains("\"status\":405").contains("'GET'");

		var options = send(java.net.http.HttpRequest.newBuilder(heartbeats())
			.method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()));
		assertThat(options.statusCode()).isEqualTo(200);
		assertThat(options.headers().firstValue("Allow")).contains("POST, OPTIONS");

		// what the client sent is quoted in the detail, escaped: one JSON document still
		var quoted = postEvent("application/xml; note=\"a\\\"b\"", null);
		assertThat(quoted.statusCode()).isEqualTo(415);
		assertThat(tools.jackson.databind.json.JsonMapper.shared().readTree(quoted.body()).get("detail").asString())
			.contains("application/xml; note=\"a\\\"b\"");

		var noType = postEvent(null, null);
		assertThat(noType.statusCode()).isEqualTo(415);
		assertThat(noType.body()).contains("\"status\":415");

		var html = postEvent("application/json", "text/html");
		assertThat(html.statusCode()).isEqualTo(406);
		assertThat(html.headers().firstValue("Content-Type")).contains("application/problem+json");

		// a charset, capitals and a browser's Accept are all taken
		assertThat(postEvent("Text/Plain; charset=UTF-8",
				"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
			.statusCode()).isEqualTo(202);
	}

	private static URI heartbeats() {
		return URI.create(ingest.baseUrl() + "/v1/heartbeats");
	}

	/** One good event with these headers (none where null). */
	private static java.net.http.HttpResponse<String> postEvent(String contentType, String accept) throws Exception {
		var request = java.net.http.HttpRequest.newBuilder(heartbeats())
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(event("pb-m", 0, "user-m", "START", 0)));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (accept != null) {
			request.header("Accept", accept);
		}
		return send(request);
	}

	private static java.net.http.HttpResponse<String> send(java.net.http.HttpRequest.Builder request) throws Exception {
		return java.net.http.HttpClient.newHttpClient()
			.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void metricsCountAcceptedAndRejectedEventsByReason() {
		ingest.post(event("pb-m", 0, "user-m", "START", 0));
		String tv = event("pb-tv", 0, "user-m", "START", 0).replace("}", ",\"deviceType\":\"TV\"}");
		ingest.post("[" + tv + "," + event("pb-tv2", 0, "user-m", "START", 0).replace("}", ",\"deviceType\":\"TV\"}")
				+ "]");
		ingest.post("[" + event("pb-m", 1, "user-m", "NOPE", 0) + "," + event("pb-m", 2, "user-m", "NOPE", 0) + "]");
		String metrics = http.get().uri("/actuator/prometheus").retrieve().body(String.class);
		assertThat(metrics).containsPattern("heartbeats_accepted_total\\{[^}]*deviceType=\"UNKNOWN\"[^}]*\\} [1-9]")
			.containsPattern("heartbeats_accepted_total\\{[^}]*deviceType=\"TV\"[^}]*\\} [2-9]")
			.containsPattern("heartbeats_rejected_total\\{[^}]*reason=\"invalid_event\"[^}]*\\} [2-9]")
			.contains("heartbeats_inflight_requests")
			.contains("heartbeats_publish_latency_seconds_bucket");
	}

	@Test
	void heartbeatRequestsAreTimedOnceEachByStatusAsEveryOtherEndpointIs() {
		double accepted = requestCount("202", "none");
		double invalid = requestCount("400", "InvalidEventsException");
		for (int i = 0; i < 3; i++) {
			assertThat(ingest.post(event("pb-t", i, "user-t", "START", 0)).getStatusCode().value()).isEqualTo(202);
		}
		assertThat(ingest.post(event("pb-t", 9, "user-t", "NOPE", 0)).getStatusCode().value()).isEqualTo(400);
		// the same with its body after the headers: read without a thread, dispatched
		// again
		assertThat(postBodyLate(event("pb-t", 10, "user-t", "NOPE", 0))).startsWith("HTTP/1.1 400");

		// a request is timed when its answer is complete, which the client may see first
		await().atMost(Duration.ofSeconds(10))
			.until(() -> requestCount("202", "none") - accepted >= 3
					&& requestCount("400", "InvalidEventsException") - invalid >= 2);
		// and no second timing of any of them follows
		await().during(Duration.ofMillis(300))
			.atMost(Duration.ofSeconds(5))
			.until(() -> requestCount("202", "none") - accepted == 3
					&& requestCount("400", "InvalidEventsException") - invalid == 2);
		assertThat(requestCount("202", "none") - accepted).as("each 202 timed once").isEqualTo(3);
		assertThat(requestCount("400", "InvalidEventsException") - invalid).as("the 400s, with their exception")
			.isEqualTo(2);
		assertThat(http.get().uri("/actuator/prometheus").retrieve().body(String.class))
			.as("Spring's observation still times the other endpoints")
			.containsPattern("http_server_requests_seconds_count\\{[^}]*uri=\"/actuator/prometheus\"[^}]*\\} [1-9]");
	}

	/**
	 * POSTs the body 300 ms after the headers over a socket of its own.
	 * @return the answer's status line
	 */
	private static String postBodyLate(String body) {
		URI base = URI.create(ingest.baseUrl());
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		try (Socket socket = new Socket(base.getHost(), base.getPort())) {
			OutputStream out = socket.getOutputStream();
			out.write(("POST /v1/heartbeats HTTP/1.1\r\nHost: " + base.getHost()
					+ "\r\nContent-Type: application/json\r\n" + "Content-Length: " + bytes.length
					+ "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			Thread.sleep(300);
			out.write(bytes);
			out.flush();
			return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
				.readLine();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * {@code http_server_requests_seconds_count} of {@code /v1/heartbeats} POSTs with
	 * this status and exception, 0 before the first.
	 */
	private static double requestCount(String status, String exception) {
		String metrics = http.get().uri("/actuator/prometheus").retrieve().body(String.class);
		Matcher series = Pattern.compile("(?m)^http_server_requests_seconds_count\\{([^}]*)\\} (\\S+)$")
			.matcher(metrics);
		double count = 0;
		while (series.find()) {
			String labels = series.group(1);
			if (labels.contains("uri=\"/v1/heartbeats\"") && labels.contains("method=\"POST\"")
					&& labels.contains("status=\"" + status + "\"")
					&& labels.contains("exception=\"" + exception + "\"")
					&& labels.contains("error=\"" + exception + "\"")) {
				count += Double.parseDouble(series.group(2));
			}
		}
		return count;
	}

	static String event(String playbackId, int seq, String userId, String type, long positionMs) {
		return String.format(
				"{\"eventId\":\"%s\",\"playbackId\":\"%s\",\"seq\":%d,\"userId\":\"%s\","
						+ "\"videoId\":\"video-1\",\"type\":\"%s\",\"positionMs\":%d,\"eventTime\":\"%s\"}",
				UUID.randomUUID(), playbackId, seq, userId, type, positionMs, Instant.now());
	}

	/**
	 * Reads the whole topic and keeps the given user's records, waiting for at least
	 * {@code count}.
	 */
	static List<ConsumerRecord<String, Heartbeat>> readHeartbeats(String userId, int count) {
		return readHeartbeats(Set.of(userId), count);
	}

	/**
	 * Reads the whole topic and keeps the given users' records, waiting for at least
	 * {@code count}.
	 */
	static List<ConsumerRecord<String, Heartbeat>> readHeartbeats(Set<String> userIds, int count) {
		Map<String, Object> config = new java.util.HashMap<>(AvroSerdes.deserializerConfig(infra.registry().apiUrl()));
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
		config.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		AvroKafkaDeserializer<Heartbeat> values = new AvroKafkaDeserializer<>();
		values.configure(config, false);
		List<ConsumerRecord<String, Heartbeat>> found = new ArrayList<>();
		try (KafkaConsumer<String, Heartbeat> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				values)) {
			consumer.subscribe(List.of(Topics.HEARTBEATS));
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			long quietUntil = Long.MAX_VALUE;
			while (System.nanoTime() < Math.min(deadline, quietUntil)) {
				for (ConsumerRecord<String, Heartbeat> record : consumer.poll(Duration.ofMillis(300))) {
					if (userIds.contains(record.key())) {
						found.add(record);
					}
				}
				if (found.size() >= count && quietUntil == Long.MAX_VALUE) {
					// keep reading a little to catch anything that should not be there
					quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
				}
			}
		}
		return found;
	}

}
