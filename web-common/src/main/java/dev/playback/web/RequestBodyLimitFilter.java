package dev.playback.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies: {@code playback.web.max-request-size} (1 MiB) for JSON and
 * anything else, {@code playback.web.max-import-size} (32 MiB) for CSV imports. A
 * declared length over the cap is answered 413 problem details before a byte is read; a
 * body that passes the cap while it arrives (chunked) is answered 413 as soon as it does.
 * Either way nothing of it is stored.
 * <p>
 * A body that came whole with the headers (most do) is read at once and passed on. Others
 * are read without a thread ({@link DeferredBody}): a request reaches the application
 * only once its whole body is here, and a body that does not arrive within
 * {@code playback.web.body-read-timeout} is answered 408. So slow or hostile clients that
 * trickle their bodies hold sockets, not the threads that answer everybody else.
 * <p>
 * A request whose body was waited for reaches the filters after this one on an
 * {@link DispatcherType#ASYNC} dispatch, but shows itself to them as the
 * {@link DispatcherType#REQUEST} it stands for ({@link BufferedBodyRequest}): filters
 * that skip async dispatches, such as Spring Security's CSRF filter, check it all the
 * same.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

	/** The time a client has to send a request's whole body, unless configured. */
	public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);

	private final long maxBytes;

	private final long maxImportBytes;

	private final Duration readTimeout;

	public RequestBodyLimitFilter(long maxBytes, long maxImportBytes) {
		this(maxBytes, maxImportBytes, DEFAULT_READ_TIMEOUT);
	}

	public RequestBodyLimitFilter(long maxBytes, long maxImportBytes, Duration readTimeout) {
		this.maxBytes = maxBytes;
		this.maxImportBytes = maxImportBytes;
		this.readTimeout = readTimeout;
	}

	/** The cap for a request with this content type. */
	long limitFor(String contentType) {
		boolean csv = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/csv");
		return csv ? this.maxImportBytes : this.maxBytes;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		// the dispatch that hands the application a body read without a thread
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getDispatcherType() == DispatcherType.ASYNC) {
			byte[] body = (byte[]) request.getAttribute(DeferredBody.ATTRIBUTE);
			if (body != null) {
				request.removeAttribute(DeferredBody.ATTRIBUTE);
				chain.doFilter(new BufferedBodyRequest(request, body, true), response);
			}
			else {
				chain.doFilter(request, response);
			}
			return;
		}
		long limit = limitFor(request.getContentType());
		long declared = request.getContentLengthLong();
		if (declared > limit) {
			answerTooLarge(response, limit);
			return;
		}
		if (declared == 0 || (declared < 0 && request.getHeader("Transfer-Encoding") == null)) {
			// no body
			chain.doFilter(request, response);
			return;
		}
		ServletInputStream in = request.getInputStream();
		byte[] here = (declared > 0) ? alreadyHere(in, (int) declared) : new byte[0];
		if (here.length == declared) {
			// the common case: the body came with the headers, nothing to wait for
			chain.doFilter(new BufferedBodyRequest(request, here), response);
			return;
		}
		AsyncContext async = request.startAsync(request, response);
		async.setTimeout(this.readTimeout.toMillis());
		DeferredBody body = new DeferredBody(async, in, here, declared, limit, this::answerTooLarge);
		async.addListener(body);
		in.setReadListener(body);
	}

	/**
	 * What of a body of {@code length} bytes the container already holds, read without
	 * waiting: a blocking read returns at once while {@code available()} says there are
	 * bytes, and stops at what arrived.
	 */
	private static byte[] alreadyHere(ServletInputStream in, int length) throws IOException {
		byte[] bytes = new byte[length];
		int read = 0;
		while (read < length && in.available() > 0) {
			int n = in.read(bytes, read, length - read);
			if (n < 0) {
				break;
			}
			read += n;
		}
		return (read == length) ? bytes : Arrays.copyOf(bytes, read);
	}

	/**
	 * The 413 of a request whose body is over {@code limit}; a service may answer it its
	 * own way (and count it).
	 */
	protected void answerTooLarge(HttpServletResponse response, long limit) throws IOException {
		response.setStatus(413);
		response.setContentType("application/problem+json");
		String body = "{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
				+ "\"detail\":\"A request body of this type may hold at most " + limit + " bytes\"}";
		response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
	}

}
