package dev.playback.ingest.heartbeat;

import java.io.IOException;

import dev.playback.ingest.IngestProperties;
import dev.playback.web.LimitedBodyRequest;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps the body of {@code POST /v1/heartbeats} (1 MiB by default): a declared length over
 * the cap is answered 413 before a byte is read; a body without a declared length
 * (chunked) fails with {@link LimitedBodyRequest.BodyTooLargeException} as soon as it
 * passes the cap.
 */
@Component
class RequestSizeLimitFilter extends OncePerRequestFilter {

	private final long maxBytes;

	private final MeterRegistry meters;

	RequestSizeLimitFilter(IngestProperties properties, MeterRegistry meters) {
		this.maxBytes = properties.maxRequestSize().toBytes();
		this.meters = meters;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"/v1/heartbeats".equals(request.getRequestURI());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.maxBytes) {
			this.meters.counter("heartbeats.rejected", "reason", "body_too_large").increment();
			Problems.write(response, HttpStatus.CONTENT_TOO_LARGE, "Request too large",
					"A request body may hold at most " + this.maxBytes + " bytes");
			return;
		}
		chain.doFilter(new LimitedBodyRequest(request, this.maxBytes), response);
	}

}
