package dev.playback.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies: {@code playback.web.max-request-size} (1 MiB) for JSON and
 * anything else, {@code playback.web.max-import-size} (32 MiB) for CSV imports. A
 * declared length over the cap is answered 413 problem details before a byte is read; a
 * body without a declared length (chunked) fails while it is read as soon as it passes
 * the cap, which the endpoint answers as an unreadable body (400). Either way nothing of
 * it is stored.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

	private final long maxBytes;

	private final long maxImportBytes;

	public RequestBodyLimitFilter(long maxBytes, long maxImportBytes) {
		this.maxBytes = maxBytes;
		this.maxImportBytes = maxImportBytes;
	}

	/** The cap for a request with this content type. */
	long limitFor(String contentType) {
		boolean csv = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/csv");
		return csv ? this.maxImportBytes : this.maxBytes;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long limit = limitFor(request.getContentType());
		if (request.getContentLengthLong() > limit) {
			response.setStatus(413);
			response.setContentType("application/problem+json");
			String body = "{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
					+ "\"detail\":\"A request body of this type may hold at most " + limit + " bytes\"}";
			response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
			return;
		}
		chain.doFilter(new LimitedRequest(request, limit), response);
	}

	/** Raised while reading a body that passes the cap. */
	static class BodyTooLargeException extends IOException {

		BodyTooLargeException(long maxBytes) {
			super("A request body of this type may hold at most " + maxBytes + " bytes");
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
