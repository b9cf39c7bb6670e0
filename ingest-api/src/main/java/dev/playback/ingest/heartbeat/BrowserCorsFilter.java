package dev.playback.ingest.heartbeat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.playback.ingest.IngestProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.CorsFilter;

/**
 * CORS for browser players on {@code POST /v1/heartbeats}: preflights answered and cached
 * for an hour, {@code Access-Control-Allow-Origin} from
 * {@code playback.ingest.allowed-origins} ({@code *} for any), no credentials, and
 * {@code Retry-After} readable by the page so that a player can honour it. First of the
 * filters, so that every answer (429 and 413 included) carries the headers. A request
 * from an origin outside the list is refused with a 403 problem before anything of it is
 * read: a page cannot post heartbeats a browser would not let it read the answer to.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class BrowserCorsFilter extends CorsFilter {

	static final Duration PREFLIGHT_CACHE = Duration.ofHours(1);

	BrowserCorsFilter(IngestProperties properties, MeterRegistry meters) {
		super(configuration(properties.allowedOrigins()));
		setCorsProcessor(
				new ProblemCorsProcessor(meters.counter("heartbeats.rejected", "reason", "origin_not_allowed")));
	}

	/**
	 * The configuration for the heartbeat path, none for others: a comparison of the
	 * request's URI, where a {@code UrlBasedCorsConfigurationSource} resolved and matched
	 * the lookup path of every request (4% of ingest's CPU per single-event request,
	 * JFR).
	 */
	private static CorsConfigurationSource configuration(List<String> allowedOrigins) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOrigins(allowedOrigins);
		cors.setAllowedMethods(List.of("POST"));
		cors.setAllowedHeaders(List.of(HttpHeaders.CONTENT_TYPE));
		cors.setExposedHeaders(List.of(HttpHeaders.RETRY_AFTER));
		cors.setAllowCredentials(false);
		cors.setMaxAge(PREFLIGHT_CACHE);
		return (request) -> HeartbeatServlet.isFor(request) ? cors : null;
	}

	/** Refusals as RFC 9457 problem details, counted. */
	private static final class ProblemCorsProcessor extends DefaultCorsProcessor {

		private final Counter refused;

		ProblemCorsProcessor(Counter refused) {
			this.refused = refused;
		}

		@Override
		protected void rejectRequest(ServerHttpResponse response) throws IOException {
			this.refused.increment();
			response.setStatusCode(HttpStatus.FORBIDDEN);
			response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
			response.getBody()
				.write(("{\"type\":\"about:blank\",\"title\":\"Origin not allowed\",\"status\":403,"
						+ "\"detail\":\"This ingest does not take heartbeats from pages of this origin "
						+ "(playback.ingest.allowed-origins); none of the request's events was accepted.\","
						+ "\"instance\":\"" + HeartbeatServlet.PATH + "\"}")
					.getBytes(StandardCharsets.UTF_8));
			response.flush();
		}

	}

}
