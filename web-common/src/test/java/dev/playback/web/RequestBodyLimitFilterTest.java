package dev.playback.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockAsyncContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class RequestBodyLimitFilterTest {

	private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(10, 100);

	@Test
	void aDeclaredLengthOverTheCapIsAnswered413BeforeTheBodyIsRead() throws Exception {
		MockHttpServletRequest request = post("application/json", new byte[11]);
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicReference<ServletRequest> passed = new AtomicReference<>();

		this.filter.doFilter(request, response, (req, res) -> passed.set(req));

		assertThat(passed).as("the chain never runs").hasNullValue();
		assertThat(response.getStatus()).isEqualTo(413);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		assertThat(response.getContentAsString()).contains("\"status\":413").contains("at most 10 bytes");
	}

	@Test
	void csvImportsHaveTheirOwnLargerCap() {
		assertThat(this.filter.limitFor("text/csv; charset=utf-8")).isEqualTo(100);
		assertThat(this.filter.limitFor("TEXT/CSV")).isEqualTo(100);
		assertThat(this.filter.limitFor("application/json")).isEqualTo(10);
		assertThat(this.filter.limitFor(null)).isEqualTo(10);
	}

	@Test
	void aRequestWithoutABodyPassesAtOnce() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/anything");
		AtomicReference<ServletRequest> passed = new AtomicReference<>();

		this.filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> passed.set(req));

		assertThat(passed.get()).isSameAs(request);
		assertThat(request.isAsyncStarted()).isFalse();
	}

	@Test
	void aBodyIsReadAsItArrivesThenHandedOverWholeOnASecondDispatch() throws Exception {
		Trickle trickle = new Trickle();
		MockHttpServletRequest request = trickling(trickle, 10);
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicReference<ServletRequest> passed = new AtomicReference<>();

		this.filter.doFilter(request, response, (req, res) -> passed.set(req));
		assertThat(passed).as("no thread waits for the body").hasNullValue();
		assertThat(request.isAsyncStarted()).isTrue();
		trickle.arrive("01234");
		trickle.arrive("56789");
		trickle.end();
		assertThat(((MockAsyncContext) request.getAsyncContext()).getDispatchedPath()).isEqualTo("/v1/anything");

		// the container's second dispatch
		request.setDispatcherType(jakarta.servlet.DispatcherType.ASYNC);
		AtomicReference<byte[]> read = new AtomicReference<>();
		this.filter.doFilter(request, response, readAll(read));
		assertThat(new String(read.get(), StandardCharsets.US_ASCII)).isEqualTo("0123456789");
	}

	@Test
	void aBodyThatCameWithItsHeadersIsPassedOnAtOnce() throws Exception {
		Trickle trickle = new Trickle();
		trickle.alreadyHere("0123456789");
		MockHttpServletRequest request = trickling(trickle, 10);
		AtomicReference<byte[]> read = new AtomicReference<>();

		this.filter.doFilter(request, new MockHttpServletResponse(), readAll(read));

		assertThat(request.isAsyncStarted()).as("nothing to wait for").isFalse();
		assertThat(new String(read.get(), StandardCharsets.US_ASCII)).isEqualTo("0123456789");
	}

	@Test
	void aBodyPartlyHereIsCompletedWithoutAThread() throws Exception {
		Trickle trickle = new Trickle();
		trickle.alreadyHere("012");
		MockHttpServletRequest request = trickling(trickle, 10);
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicReference<ServletRequest> passed = new AtomicReference<>();

		this.filter.doFilter(request, response, (req, res) -> passed.set(req));
		assertThat(passed).hasNullValue();
		assertThat(request.isAsyncStarted()).isTrue();
		trickle.arrive("3456789");
		trickle.end();

		request.setDispatcherType(jakarta.servlet.DispatcherType.ASYNC);
		AtomicReference<byte[]> read = new AtomicReference<>();
		this.filter.doFilter(request, response, readAll(read));
		assertThat(new String(read.get(), StandardCharsets.US_ASCII)).isEqualTo("0123456789");
	}

	@Test
	void aBodyPassingTheCapWhileItArrivesIsAnswered413() throws Exception {
		Trickle trickle = new Trickle();
		MockHttpServletRequest request = trickling(trickle, -1);
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.filter.doFilter(request, response, (req, res) -> {
			throw new AssertionError("never reaches the application");
		});
		trickle.arrive("0123456789");
		trickle.arrive("x");

		assertThat(response.getStatus()).isEqualTo(413);
		assertThat(response.getContentAsString()).contains("at most 10 bytes");
		assertThat(((MockAsyncContext) request.getAsyncContext()).getDispatchedPath()).isNull();
	}

	@Test
	void aBodyNotHereInTimeIsAnswered408AndItsConnectionClosed() throws Exception {
		Trickle trickle = new Trickle();
		MockHttpServletRequest request = trickling(trickle, 10);
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.filter.doFilter(request, response, (req, res) -> {
			throw new AssertionError("never reaches the application");
		});
		trickle.arrive("012");
		MockAsyncContext async = (MockAsyncContext) request.getAsyncContext();
		assertThat(async.getTimeout()).isEqualTo(RequestBodyLimitFilter.DEFAULT_READ_TIMEOUT.toMillis());
		for (var listener : async.getListeners()) {
			listener.onTimeout(new AsyncEvent(async));
		}
		trickle.arrive("3456789");
		trickle.end();

		assertThat(response.getStatus()).isEqualTo(408);
		assertThat(response.getHeader("Connection")).isEqualTo("close");
		assertThat(response.getContentAsString()).contains("\"status\":408");
		assertThat(async.getDispatchedPath()).as("a late body changes nothing").isNull();
	}

	private static MockHttpServletRequest post(String contentType, byte[] body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/anything");
		request.setContentType(contentType);
		request.setContent(body);
		return request;
	}

	/** A request whose body arrives when the test says (length -1: chunked). */
	private static MockHttpServletRequest trickling(Trickle trickle, long length) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/anything") {
			@Override
			public ServletInputStream getInputStream() {
				return trickle;
			}

			@Override
			public long getContentLengthLong() {
				return length;
			}
		};
		request.setAsyncSupported(true);
		request.setContentType("application/json");
		if (length < 0) {
			request.addHeader("Transfer-Encoding", "chunked");
		}
		return request;
	}

	private static FilterChain readAll(AtomicReference<byte[]> into) {
		return (request, response) -> into.set(request.getInputStream().readAllBytes());
	}

	/** The container's side of non-blocking reads, driven by the test. */
	private static final class Trickle extends ServletInputStream {

		private final Deque<Integer> bytes = new ArrayDeque<>();

		private ReadListener listener;

		private boolean ended;

		void arrive(String text) throws IOException {
			for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
				this.bytes.add((int) b);
			}
			this.listener.onDataAvailable();
		}

		/**
		 * Bytes the container holds before the filter runs (they came with the headers).
		 */
		void alreadyHere(String text) {
			for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
				this.bytes.add((int) b);
			}
		}

		@Override
		public int available() {
			return this.bytes.size();
		}

		void end() throws IOException {
			this.ended = true;
			this.listener.onAllDataRead();
		}

		@Override
		public int read() {
			Integer b = this.bytes.poll();
			return (b != null) ? b : -1;
		}

		@Override
		public boolean isFinished() {
			return this.ended && this.bytes.isEmpty();
		}

		@Override
		public boolean isReady() {
			return !this.bytes.isEmpty();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.listener = listener;
		}

	}

}
