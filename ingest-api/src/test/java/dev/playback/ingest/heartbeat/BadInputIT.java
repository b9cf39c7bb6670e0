package dev.playback.ingest.heartbeat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.playback.infra.BadInputs;
import dev.playback.infra.LocalInfrastructure;
import dev.playback.schemas.Topics;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input against the heartbeat endpoint on the real broker and registry: a corpus
 * (every field of an event with each kind of wrong value, broken JSON, deep nesting,
 * oversize) and generated strings in every id. Always a 4xx problem detail, never a 5xx,
 * and nothing of the corpus reaches the topic.
 */
class BadInputIT {

	static final LocalInfrastructure infra = LocalInfrastructure.shared();

	static final JsonMapper JSON = JsonMapper.builder().build();

	static RunningIngest ingest;

	static final List<Object> NASTY = List.of("", " ", "../../etc/passwd", "..%2F..%2Fetc", "a/b", "a\\\\b",
			"x".repeat(65), "y".repeat(100_000), "\u0000", "\uD800", "\u202Eevil", "é", "😀", "'; DROP TABLE x; --",
			"<script>", Map.of(), List.of(), true, 1.5, -1, Long.MAX_VALUE);

	/** Wrong values per field; none of them makes a valid event. */
	static final Map<String, List<Object>> WRONG = new LinkedHashMap<>();

	static {
		List<Object> ids = new ArrayList<>(NASTY);
		ids.add(null);
		WRONG.put("eventId", add(new ArrayList<>(ids), "not-a-uuid", 123));
		WRONG.put("playbackId", ids);
		WRONG.put("userId", ids);
		WRONG.put("videoId", ids);
		WRONG.put("seq", add(new ArrayList<>(), null, -1, "5", 5.5, "1e309", 1e300, true, "", Map.of(), List.of()));
		WRONG.put("type", add(new ArrayList<>(NASTY), null, "NOT_A_TYPE", "AD_START"));
		WRONG.put("positionMs", add(new ArrayList<>(), null, -1, "0", 1.5, true, Map.of()));
		WRONG.put("eventTime", add(new ArrayList<>(NASTY), null, "yesterday", "2026-13-01T00:00:00Z", 1_700_000_000,
				"2999-01-01T00:00:00Z", "2000-01-01T00:00:00Z"));
	}

	@BeforeAll
	static void start() {
		ingest = RunningIngest.start(infra);
	}

	@AfterAll
	static void stop() {
		ingest.close();
	}

	@Test
	void everyWrongValueOfEveryFieldIsA400NamingTheFieldAndNothingIsPublished() throws Exception {
		long before = endOffsets();
		int tried = 0;
		for (Map.Entry<String, List<Object>> field : WRONG.entrySet()) {
			for (Object value : field.getValue()) {
				Map<String, Object> event = validEvent();
				event.put(field.getKey(), value);
				String body = JSON.writeValueAsString(event);
				ResponseEntity<String> answer = ingest.post(body);
				String what = field.getKey() + "=" + abbreviate(String.valueOf(value));
				assertThat(answer.getStatusCode().value()).as(what).isBetween(400, 499);
				assertThat(answer.getHeaders().getContentType()).as(what).hasToString("application/problem+json");
				if (answer.getStatusCode().value() == 400 && body.length() < 1_000_000) {
					assertThat(answer.getBody()).as(what).contains(field.getKey());
				}
				tried++;
			}
		}
		for (String body : brokenBodies()) {
			ResponseEntity<String> answer = ingest.post(body);
			assertThat(answer.getStatusCode().value()).as(abbreviate(body)).isBetween(400, 499);
			assertThat(answer.getHeaders().getContentType()).as(abbreviate(body))
				.hasToString("application/problem+json");
			tried++;
		}
		assertThat(tried).isGreaterThan(150);
		assertThat(endOffsets()).as("nothing published").isEqualTo(before);
	}

	@Test
	void requestsTomcatRefusesBeforeSpringAreProblemDetailsToo() throws Exception {
		int port = Integer.parseInt(ingest.baseUrl().substring(ingest.baseUrl().lastIndexOf(':') + 1));
		long before = endOffsets();
		// a NUL, an encoded slash or backslash in the path: refused by the container
		// itself
		for (String path : List.of("/v1/heartbeats%00", "/v1%2Fheartbeats", "/v1/%5C..%5Cheartbeats",
				"/v1/heartbeats%00.json")) {
			HttpResponse<String> answer = BadInputs.send(port, "POST", path, null,
					JSON.writeValueAsString(validEvent()));
			assertThat(answer.statusCode()).as(path).isBetween(400, 499);
			assertThat(answer.headers().firstValue("Content-Type")).as(path)
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(answer.body()).as(path).contains("\"status\":" + answer.statusCode()).doesNotContain("<html");
		}
		assertThat(endOffsets()).as("nothing published").isEqualTo(before);
	}

	@Test
	void generatedStringsInEveryIdNeverMakeA5xx() throws Exception {
		Arbitrary<String> strings = Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(80),
				Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(70));
		List<String> fields = List.of("playbackId", "userId", "videoId", "eventId");
		strings.sampleStream().limit(400).forEach((value) -> {
			Map<String, Object> event = validEvent();
			String field = fields.get(Math.floorMod(value.hashCode(), fields.size()));
			event.put(field, value);
			ResponseEntity<String> answer = ingest.post(JSON.writeValueAsString(event));
			int status = answer.getStatusCode().value();
			assertThat(status).as(field + "=" + abbreviate(value)).isIn(202, 400);
			if (status == 400) {
				assertThat(answer.getHeaders().getContentType()).hasToString("application/problem+json");
			}
		});
	}

	static List<String> brokenBodies() {
		String valid = JSON.writeValueAsString(validEvent());
		List<String> bodies = new ArrayList<>();
		for (int cut = 1; cut < valid.length(); cut += 7) {
			bodies.add(valid.substring(0, cut));
		}
		bodies.add("[".repeat(10_000) + "]".repeat(10_000));
		bodies.add("{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000));
		bodies.add("[]");
		bodies.add("null");
		bodies.add("42");
		bodies.add("\"event\"");
		bodies.add("[" + String.join(",", java.util.Collections.nCopies(501, valid)) + "]");
		bodies.add("[" + valid + ",null]");
		bodies.add("{\"eventId\":\"" + "z".repeat(2 * 1024 * 1024) + "\"}");
		return bodies;
	}

	static Map<String, Object> validEvent() {
		Map<String, Object> event = new HashMap<>();
		event.put("eventId", UUID.randomUUID().toString());
		event.put("playbackId", "pb-bad-input");
		event.put("seq", 0);
		event.put("userId", "user-bad-input");
		event.put("videoId", "video-1");
		event.put("type", "START");
		event.put("positionMs", 0);
		event.put("eventTime", Instant.now().toString());
		return event;
	}

	private static long endOffsets() throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()))) {
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			for (int p = 0; p < Topics.spec(Topics.HEARTBEATS).partitions(); p++) {
				latest.put(new TopicPartition(Topics.HEARTBEATS, p), OffsetSpec.latest());
			}
			return admin.listOffsets(latest).all().get().values().stream().mapToLong((info) -> info.offset()).sum();
		}
	}

	private static List<Object> add(List<Object> values, Object... more) {
		values.addAll(java.util.Arrays.asList(more));
		return values;
	}

	private static String abbreviate(String text) {
		return (text.length() > 60) ? text.substring(0, 60) + "... (" + text.length() + " chars)" : text;
	}

}
