package dev.playback.ingest.heartbeat;

import java.io.IOException;

import dev.playback.ingest.IngestProperties;
import dev.playback.web.RequestBodyLimitFilter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Caps the body of {@code POST /v1/heartbeats} (1 MiB by default, whatever its content
 * type), counting what it refuses: a declared length over the cap is answered 413 before
 * a byte is read; a body without a declared length (chunked) as soon as it passes the
 * cap. The body is read without a thread and must arrive whole within
 * {@code playback.ingest.body-read-timeout} (else 408): see
 * {@link RequestBodyLimitFilter}.
 */
@Component
class RequestSizeLimitFilter extends RequestBodyLimitFilter {

	private final MeterRegistry meters;

	RequestSizeLimitFilter(IngestProperties properties, MeterRegistry meters) {
		super(properties.maxRequestSize().toBytes(), properties.maxRequestSize().toBytes(),
				properties.bodyReadTimeout());
		this.meters = meters;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !HeartbeatServlet.isFor(request);
	}

	@Override
	protected void answerTooLarge(HttpServletResponse response, long limit) throws IOException {
		this.meters.counter("heartbeats.rejected", "reason", "body_too_large").increment();
		ProblemWriter.write(response, HttpStatus.CONTENT_TOO_LARGE, "Request too large",
				"A request body may hold at most " + limit + " bytes");
	}

}
