package dev.playback.ingest.heartbeat;

import java.time.Duration;
import java.util.function.UnaryOperator;

import dev.playback.infra.LocalInfrastructure;
import dev.playback.ingest.IngestApiApplication;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * ingest-api started on a free port against the shared real servers, with an HTTP client
 * that hands back every answer (4xx and 5xx included) for the test to assert on.
 */
final class RunningIngest implements AutoCloseable {

	private final ConfigurableApplicationContext app;

	private final RestClient http;

	private RunningIngest(ConfigurableApplicationContext app) {
		this.app = app;
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory();
		// every answer ingest promises comes within seconds: one that hangs fails the
		// test
		requests.setReadTimeout(Duration.ofSeconds(60));
		this.http = RestClient.builder()
			.requestFactory(requests)
			.baseUrl(baseUrl())
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	static RunningIngest start(LocalInfrastructure infra, String... extra) {
		return start(infra, UnaryOperator.identity(), extra);
	}

	/**
	 * Started with its arguments passed through {@code route} first (e.g. a
	 * {@link dev.playback.infra.TcpProxy#reroute proxy} between it and a server).
	 */
	static RunningIngest start(LocalInfrastructure infra, UnaryOperator<String[]> route, String... extra) {
		String[] args = new String[extra.length + 2];
		args[0] = "--server.port=0";
		args[1] = "--spring.main.banner-mode=off";
		System.arraycopy(extra, 0, args, 2, extra.length);
		return new RunningIngest(IngestApiApplication.application()
			.run(route.apply(infra.serviceArguments("playback.ingest", null, args))));
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.app.getEnvironment().getProperty("local.server.port");
	}

	RestClient http() {
		return this.http;
	}

	ResponseEntity<String> post(String body) {
		return this.http.post()
			.uri("/v1/heartbeats")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(String.class);
	}

	@Override
	public void close() {
		this.app.close();
	}

}
