package dev.playback.ingest.heartbeat;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * For the benchmark only, off unless {@code playback.ingest.benchmark-endpoint-enabled}:
 * reads the request body and answers 202 without parsing or touching Kafka, the ceiling
 * of this HTTP server on the machine.
 */
@RestController
@ConditionalOnProperty(name = "playback.ingest.benchmark-endpoint-enabled", havingValue = "true")
class CeilingController {

	@PostMapping(path = "/benchmark/accept-only", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> acceptOnly(HttpServletRequest request) throws IOException {
		try (InputStream body = request.getInputStream()) {
			body.transferTo(java.io.OutputStream.nullOutputStream());
		}
		return ResponseEntity.accepted().body("{\"accepted\":0}");
	}

}
