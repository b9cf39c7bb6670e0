package dev.playback.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A request body read without a thread: the servlet container calls it as bytes arrive
 * (non-blocking I/O), so a client that sends its body a byte every few seconds holds a
 * socket and a buffer, never one of the container's threads. Once the body is complete
 * the request is dispatched again with the body in memory; a body not complete within the
 * async timeout is answered {@code 408} and its connection closed.
 */
final class DeferredBody implements ReadListener, AsyncListener {

	/** Where the complete body waits for the second dispatch. */
	static final String ATTRIBUTE = DeferredBody.class.getName();

	interface TooLarge {

		void answer(HttpServletResponse response, long limit) throws IOException;

	}

	private final AsyncContext async;

	private final ServletInputStream in;

	private final long limit;

	private final TooLarge tooLarge;

	private final ByteArrayOutputStream body;

	private final byte[] buffer = new byte[8192];

	private boolean done;

	DeferredBody(AsyncContext async, ServletInputStream in, byte[] alreadyRead, long declaredLength, long limit,
			TooLarge tooLarge) {
		this.async = async;
		this.in = in;
		this.limit = limit;
		this.tooLarge = tooLarge;
		this.body = new ByteArrayOutputStream((declaredLength > 0) ? (int) declaredLength : 1024);
		this.body.write(alreadyRead, 0, alreadyRead.length);
	}

	@Override
	public void onDataAvailable() throws IOException {
		while (this.in.isReady()) {
			int n = this.in.read(this.buffer);
			if (n < 0) {
				return;
			}
			this.body.write(this.buffer, 0, n);
			if (this.body.size() > this.limit) {
				finish();
				this.tooLarge.answer((HttpServletResponse) this.async.getResponse(), this.limit);
				this.async.complete();
				return;
			}
		}
	}

	@Override
	public void onAllDataRead() {
		if (finish()) {
			this.async.getRequest().setAttribute(ATTRIBUTE, this.body.toByteArray());
			this.async.dispatch();
		}
	}

	@Override
	public void onError(Throwable failure) {
		// the client went away or broke the body off: nobody to answer
		if (finish()) {
			this.async.complete();
		}
	}

	@Override
	public void onTimeout(AsyncEvent event) throws IOException {
		if (!finish()) {
			return;
		}
		HttpServletResponse response = (HttpServletResponse) this.async.getResponse();
		response.setStatus(408);
		response.setHeader("Connection", "close");
		response.setContentType("application/problem+json");
		response.getOutputStream()
			.write(("{\"type\":\"about:blank\",\"title\":\"Request Timeout\",\"status\":408,"
					+ "\"detail\":\"The request body did not arrive in time\"}")
				.getBytes(StandardCharsets.UTF_8));
		this.async.complete();
	}

	@Override
	public void onComplete(AsyncEvent event) {
	}

	@Override
	public void onError(AsyncEvent event) {
		onError(event.getThrowable());
	}

	@Override
	public void onStartAsync(AsyncEvent event) {
	}

	/** Whether this call is the one that ends the read (only one may answer). */
	private synchronized boolean finish() {
		boolean first = !this.done;
		this.done = true;
		return first;
	}

}
