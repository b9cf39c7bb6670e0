package dev.playback.ingest.heartbeat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.playback.ingest.IngestProperties;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Part of readiness ({@code /actuator/health/readiness}): an instance can write
 * heartbeats once it knows the heartbeat schema's id, which it asks the schema registry
 * for on its first write. So it is ready once it knows it, whatever the registry does
 * after; before that, only while the registry answers. An instance started during a
 * registry outage says so and takes no traffic until the registry is back; the others,
 * which know the id, go on.
 */
@Component("schemaRegistry")
class SchemaRegistryHealth implements HealthIndicator {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final HeartbeatPublisher publisher;

	private final URI systemInfo;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	SchemaRegistryHealth(HeartbeatPublisher publisher, IngestProperties properties) {
		this.publisher = publisher;
		this.systemInfo = URI.create(properties.schemaRegistryUrl() + "/system/info");
	}

	@Override
	public Health health() {
		if (this.publisher.knowsSchemaId()) {
			return Health.up().withDetail("schemaId", "known").build();
		}
		try {
			HttpResponse<Void> answer = this.http.send(HttpRequest.newBuilder(this.systemInfo).timeout(TIMEOUT).build(),
					HttpResponse.BodyHandlers.discarding());
			if (answer.statusCode() == 200) {
				return Health.up().withDetail("registry", "answering").build();
			}
			return Health.down()
				.withDetail("reason",
						"the schema registry answered " + answer.statusCode()
								+ " so the heartbeat schema's id is still unknown")
				.build();
		}
		catch (IOException ex) {
			return Health.down()
				.withDetail("reason",
						"the schema registry is not reachable (" + ex.getClass().getSimpleName()
								+ ") so the heartbeat schema's id is still unknown")
				.build();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Health.unknown().build();
		}
	}

}
