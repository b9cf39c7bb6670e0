package dev.playback.ingest.heartbeat;

import java.io.IOException;

import dev.playback.ingest.IngestProperties;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps the body of {@code POST /v1/heartbeats} (1 MiB by default): a declared length over
 * the cap is answered 413 before a byte is read; a body without a declared length
 * (chunked) fails with {@link BodyTooLargeException} as soon as it passes the cap.
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
		chain.doFilter(new LimitedRequest(request, this.maxBytes), response);
	}

	/** Raised while reading a body that passes the cap. */
	static class BodyTooLargeException extends IOException {

		BodyTooLargeException(long maxBytes) {
			super("A request body may hold at most " + maxBytes + " bytes");
		}

	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long maxBytes;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long maxBytes) {
			super(request);
			this.maxBytes = maxBytes;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedInputStream(super.getInputStream(), this.maxBytes);
			}
			return this.stream;
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream in;

		private final long maxBytes;

		private long read;

		LimitedInputStream(ServletInputStream in, long maxBytes) {
			this.in = in;
			this.maxBytes = maxBytes;
		}

		@Override
		public int read() throws IOException {
			int b = this.in.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.in.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws BodyTooLargeException {
			this.read += n;
			if (this.read > this.maxBytes) {
				throw new BodyTooLargeException(this.maxBytes);
			}
		}

		@Override
		public boolean isFinished() {
			return this.in.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.in.setReadListener(listener);
		}

	}

}
