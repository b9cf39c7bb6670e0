package dev.playback.ingest.heartbeat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import dev.playback.infra.LocalInfrastructure;
import dev.playback.schemas.Heartbeat;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What browser players need of ingest (CORS, text/plain bodies as sendBeacon sends them,
 * the fields a web SDK adds), on the real broker and registry. Requests go through
 * {@link HttpClient}, which sends {@code Origin} and the preflight headers as a browser
 * does ({@code HttpURLConnection} drops them).
 */
class BrowserPlayersIT {

	static final String PLAYER = "https://player.example.com";

	static final LocalInfrastructure infra = LocalInfrastructure.shared();

	static final HttpClient client = HttpClient.newHttpClient();

	static RunningIngest ingest;

	@BeforeAll
	static void start() {
		ingest = RunningIngest.start(infra,
				"--playback.ingest.allowed-origins=" + PLAYER + ",https://other-player.example.com");
	}

	@AfterAll
	static void stop() {
		ingest.close();
	}

	@Test
	void aPreflightFromAnAllowedOriginIsAnsweredAndCachedForTenMinutesOrMore() throws Exception {
		HttpResponse<String> response = send(HttpRequest.newBuilder(heartbeats())
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", PLAYER)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type"));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(PLAYER);
		assertThat(response.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("POST");
		assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
			.containsIgnoringCase("content-type");
		assertThat(Long.parseLong(response.headers().firstValue("Access-Control-Max-Age").orElseThrow()))
			.isGreaterThanOrEqualTo(600);
		assertThat(response.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
	}

	@Test
	void aSimpleTextPlainRequestFromAnAllowedOriginIsAcceptedWithTheWebSdkFields() throws Exception {
		String user = "user-" + UUID.randomUUID();
		String adEvent = HeartbeatApiIT.event("pb-web", 1, user, "AD_HEARTBEAT", 4000)
			.replace("}", ",\"sdk\":\"playback-web/0.1.0\",\"ad\":{\"adPlaybackId\":\"apb-1\",\"adId\":\"ad-1\","
					+ "\"positionMs\":1000,\"durationMs\":15000,\"viewablePercent\":73,\"adServingId\":\"vast-4-id\"}}");
		String body = "[" + HeartbeatApiIT.event("pb-web", 0, user, "START", 0) + "," + adEvent + "]";
		HttpResponse<String> response = send(HttpRequest.newBuilder(heartbeats())
			.header("Origin", PLAYER)
			.header("Content-Type", "text/plain;charset=UTF-8")
			.POST(HttpRequest.BodyPublishers.ofString(body)));

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(response.body()).isEqualTo("{\"accepted\":2}");
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(PLAYER);
		assertThat(response.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
			.containsIgnoringCase("Retry-After");
		List<ConsumerRecord<String, Heartbeat>> records = HeartbeatApiIT.readHeartbeats(user, 2);
		assertThat(records).hasSize(2);
		Heartbeat ad = records.get(1).value();
		assertThat(ad.getSdk()).isEqualTo("playback-web/0.1.0");
		assertThat(ad.getAd().getViewablePercent()).isEqualTo(73);
		assertThat(ad.getAd().getAdServingId()).isEqualTo("vast-4-id");
		assertThat(records.get(0).value().getSdk()).isNull();
	}

	@Test
	void aBeaconWithoutAnOriginHeaderIsAcceptedAsText() throws Exception {
		String user = "user-" + UUID.randomUUID();
		HttpResponse<String> response = send(HttpRequest.newBuilder(heartbeats())
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString(HeartbeatApiIT.event("pb-beacon", 0, user, "STOP", 9000))));

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(HeartbeatApiIT.readHeartbeats(user, 1)).hasSize(1);
	}

	@Test
	void anOriginNotAllowedIsRefusedAndNothingOfItIsPublished() throws Exception {
		String user = "user-" + UUID.randomUUID();
		HttpResponse<String> preflight = send(HttpRequest.newBuilder(heartbeats())
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "https://elsewhere.example.com")
			.header("Access-Control-Request-Method", "POST"));
		HttpResponse<String> post = send(HttpRequest.newBuilder(heartbeats())
			.header("Origin", "https://elsewhere.example.com")
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString(HeartbeatApiIT.event("pb-elsewhere", 0, user, "START", 0))));

		for (HttpResponse<String> response : List.of(preflight, post)) {
			assertThat(response.statusCode()).isEqualTo(403);
			assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
			assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		}
		assertThat(post.body()).contains("Origin not allowed");
		// a marker from an allowed origin is that user's first record on the topic
		send(HttpRequest.newBuilder(heartbeats())
			.header("Origin", PLAYER)
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString(HeartbeatApiIT.event("pb-marker", 0, user, "START", 0))));
		assertThat(HeartbeatApiIT.readHeartbeats(user, 1)).extracting((record) -> record.value().getPlaybackId())
			.containsExactly("pb-marker");
	}

	@Test
	void errorAnswersCarryTheCorsHeadersSoThatThePageCanReadThem() throws Exception {
		String bad = HeartbeatApiIT.event("pb-bad", 0, "u", "AD_HEARTBEAT", 0)
			.replace("}", ",\"ad\":{\"adPlaybackId\":\"a\",\"adId\":\"b\",\"positionMs\":0,\"durationMs\":1,"
					+ "\"viewablePercent\":101,\"adServingId\":\"" + "x".repeat(129) + "\"},\"sdk\":\"\"}");
		String notInteger = HeartbeatApiIT.event("pb-bad", 1, "u", "AD_HEARTBEAT", 0)
			.replace("}", ",\"ad\":{\"adPlaybackId\":\"a\",\"adId\":\"b\",\"positionMs\":0,\"durationMs\":1,"
					+ "\"viewablePercent\":50.5}}");
		HttpResponse<String> response = send(HttpRequest.newBuilder(heartbeats())
			.header("Origin", PLAYER)
			.header("Content-Type", "text/plain;charset=UTF-8")
			.POST(HttpRequest.BodyPublishers.ofString("[" + bad + "," + notInteger + "]")));

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(PLAYER);
		assertThat(response.body())
			.contains("{\"index\":0,\"field\":\"ad.adServingId\",\"message\":\"size must be between 1 and 128\"}")
			.contains(
					"{\"index\":0,\"field\":\"ad.viewablePercent\",\"message\":\"must be less than or equal to 100\"}")
			.contains("{\"index\":0,\"field\":\"sdk\",\"message\":\"size must be between 1 and 64\"}")
			.contains("{\"index\":1,\"field\":\"ad.viewablePercent\",\"message\":\"has the wrong type or format\"}");
	}

	@Test
	void anyOriginMayPostWhereTheListIsAStarAndNoneWithoutAList() throws Exception {
		try (RunningIngest open = RunningIngest.start(infra, "--playback.ingest.allowed-origins=*");
				RunningIngest closed = RunningIngest.start(infra)) {
			HttpResponse<String> anywhere = postFrom(open, "https://anywhere.example.net");
			assertThat(anywhere.statusCode()).isEqualTo(202);
			assertThat(anywhere.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
			assertThat(postFrom(closed, PLAYER).statusCode()).isEqualTo(403);
		}
	}

	private static HttpResponse<String> postFrom(RunningIngest target, String origin) throws Exception {
		return send(HttpRequest.newBuilder(URI.create(target.baseUrl() + HeartbeatServlet.PATH))
			.header("Origin", origin)
			.header("Content-Type", "text/plain")
			.POST(HttpRequest.BodyPublishers.ofString(HeartbeatApiIT.event("pb-x", 0, "user-x", "START", 0))));
	}

	private static URI heartbeats() {
		return URI.create(ingest.baseUrl() + HeartbeatServlet.PATH);
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
