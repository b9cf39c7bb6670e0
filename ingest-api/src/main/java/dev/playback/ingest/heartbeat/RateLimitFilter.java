package dev.playback.ingest.heartbeat;

import java.io.IOException;

import dev.playback.ingest.IngestProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps how fast one client may send to {@code POST /v1/heartbeats}
 * ({@code playback.ingest.rate-limit-per-client} requests/s, bursts of
 * {@code rate-limit-burst}): beyond it the request is answered 429 with
 * {@code Retry-After} before its body is read, and nothing of it is published. A client
 * is its address as the server sees it; behind an ingress, the server takes the player's
 * address from {@code X-Forwarded-For} ({@code server.forward-headers-strategy=native},
 * trusting the cluster's internal proxies), as the Helm chart configures it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
@ConditionalOnExpression("${playback.ingest.rate-limit-per-client:0} > 0")
class RateLimitFilter extends OncePerRequestFilter {

	private final ClientRateLimiter limiter;

	private final Counter limited;

	private final Counter limitedEvents;

	RateLimitFilter(IngestProperties properties, MeterRegistry meters) {
		this.limiter = new ClientRateLimiter(properties.rateLimitPerClient(), properties.rateLimitBurst(),
				System.nanoTime());
		this.limited = Counter.builder("heartbeats.ratelimited.responses")
			.description("Requests answered 429 because their client sent faster than its rate limit")
			.register(meters);
		// the request's events are not read, so one is counted per request
		this.limitedEvents = meters.counter("heartbeats.rejected", "reason", "rate_limited");
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !HeartbeatServlet.isFor(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long retryAfter = this.limiter.acquire(request.getRemoteAddr(), System.nanoTime());
		if (retryAfter == 0) {
			chain.doFilter(request, response);
			return;
		}
		this.limited.increment();
		this.limitedEvents.increment();
		response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter));
		ProblemWriter.write(response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
				"This client sends faster than its rate limit; none of the request's events was accepted. "
						+ "Retry the whole request after Retry-After seconds.");
	}

}
