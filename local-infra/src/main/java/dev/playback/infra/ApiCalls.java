package dev.playback.infra;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * HTTP calls to a service's API with an optional bearer key, for tests: every answer is
 * returned (never thrown), so tests assert on 4xx answers as on 200s.
 */
public final class ApiCalls {

	private final RestClient http;

	public ApiCalls(int port) {
		this.http = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + port)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	public ResponseEntity<String> get(String path, String key, String accept) {
		var request = this.http.get().uri(path).header(HttpHeaders.ACCEPT, accept);
		if (key != null) {
			request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + key);
		}
		return request.retrieve().toEntity(String.class);
	}

	public ResponseEntity<String> put(String path, String json, String key) {
		var request = this.http.put().uri(path).contentType(MediaType.APPLICATION_JSON).body(json);
		if (key != null) {
			request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + key);
		}
		return request.retrieve().toEntity(String.class);
	}

	public ResponseEntity<String> post(String path, String key) {
		var request = this.http.post().uri(path);
		if (key != null) {
			request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + key);
		}
		return request.retrieve().toEntity(String.class);
	}

	public ResponseEntity<String> postCsv(String path, String csv, String key) {
		var request = this.http.post().uri(path).contentType(MediaType.parseMediaType("text/csv")).body(csv);
		if (key != null) {
			request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + key);
		}
		return request.retrieve().toEntity(String.class);
	}

}
