package dev.playback.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
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
			answerTooLarge(response, limit);
			return;
		}
		chain.doFilter(new LimitedBodyRequest(request, limit), response);
	}

	/**
	 * The 413 of a request whose declared length is over {@code limit}; a service may
	 * answer it its own way (and count it).
	 */
	protected void answerTooLarge(HttpServletResponse response, long limit) throws IOException {
		response.setStatus(413);
		response.setContentType("application/problem+json");
		String body = "{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
				+ "\"detail\":\"A request body of this type may hold at most " + limit + " bytes\"}";
		response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
	}

}
