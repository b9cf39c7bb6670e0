package dev.playback.ingest.heartbeat;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Times the requests to {@code /v1/heartbeats} as {@code http.server.requests}, the meter
 * the dashboards and alerts read for every endpoint, with its usual tags (method, uri,
 * status, outcome, exception, error), without an observation per request: Spring's
 * observation of a request (its context, key values, handlers and active-request timer)
 * took about a tenth of ingest's CPU per single-event request (JFR profile,
 * docs/benchmarks.md). Here one timer per method and status is made once, and a request
 * costs a clock read and a map lookup. Spring's observation filter is mapped to the
 * DispatcherServlet only ({@link HeartbeatEndpoint}); it still times every other
 * endpoint.
 * <p>
 * One difference: there is no {@code http.server.requests.active} series for this path;
 * {@code heartbeats.inflight.requests} counts the requests waiting for Kafka.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class HeartbeatRequestTimer extends OncePerRequestFilter {

	private static final String NONE = "none";

	private final MeterRegistry meters;

	/** The timers of POST requests without an exception, by status. */
	private final Map<Integer, Timer> posts = new ConcurrentHashMap<>();

	HeartbeatRequestTimer(MeterRegistry meters) {
		this.meters = meters;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !HeartbeatServlet.isFor(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long start = System.nanoTime();
		try {
			chain.doFilter(request, response);
		}
		catch (IOException | ServletException | RuntimeException ex) {
			record(request, HttpStatus.INTERNAL_SERVER_ERROR.value(), ex, start);
			throw ex;
		}
		if (request.isAsyncStarted()) {
			// answered from the producer's callback: timed until the answer is complete
			request.getAsyncContext().addListener(new Completion(request, response, start));
		}
		else {
			record(request, response.getStatus(), handled(request), start);
		}
	}

	/** The exception a handler answered for (a problem detail), if any. */
	private static Throwable handled(HttpServletRequest request) {
		return (request.getAttribute(HeartbeatServlet.EXCEPTION_ATTRIBUTE) instanceof Throwable handled) ? handled
				: null;
	}

	private void record(HttpServletRequest request, int status, Throwable exception, long start) {
		long nanos = System.nanoTime() - start;
		String method = request.getMethod();
		Timer timer = ("POST".equals(method) && exception == null)
				? this.posts.computeIfAbsent(status, (key) -> timer(method, key, NONE))
				: timer(method, status, (exception != null) ? exception.getClass().getSimpleName() : NONE);
		timer.record(nanos, TimeUnit.NANOSECONDS);
	}

	private Timer timer(String method, int status, String exception) {
		return Timer.builder("http.server.requests")
			.tag("method", method)
			.tag("uri", HeartbeatServlet.PATH)
			.tag("status", String.valueOf(status))
			.tag("outcome", outcome(status))
			.tag("exception", exception)
			.tag("error", exception)
			.register(this.meters);
	}

	private static String outcome(int status) {
		return switch (status / 100) {
			case 1 -> "INFORMATIONAL";
			case 2 -> "SUCCESS";
			case 3 -> "REDIRECTION";
			case 4 -> "CLIENT_ERROR";
			case 5 -> "SERVER_ERROR";
			default -> "UNKNOWN";
		};
	}

	/** Records an asynchronous request once its answer is complete. */
	private final class Completion implements AsyncListener {

		private final HttpServletRequest request;

		private final HttpServletResponse response;

		private final long start;

		Completion(HttpServletRequest request, HttpServletResponse response, long start) {
			this.request = request;
			this.response = response;
			this.start = start;
		}

		@Override
		public void onComplete(AsyncEvent event) {
			// a handler's exception in the dispatch after a body read without a thread
			Throwable exception = (event.getThrowable() != null) ? event.getThrowable() : handled(this.request);
			record(this.request, this.response.getStatus(), exception, this.start);
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			// a body read without a thread is dispatched again, and the servlet starts
			// the cycle that answers: a new cycle tells only the listeners it is given
			event.getAsyncContext().addListener(this);
		}

	}

}
