package dev.playback.web;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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
	void csvImportsHaveTheirOwnLargerCap() throws Exception {
		assertThat(this.filter.limitFor("text/csv; charset=utf-8")).isEqualTo(100);
		assertThat(this.filter.limitFor("TEXT/CSV")).isEqualTo(100);
		assertThat(this.filter.limitFor("application/json")).isEqualTo(10);
		assertThat(this.filter.limitFor(null)).isEqualTo(10);

		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(post("text/csv", new byte[50]), response, readAll(new AtomicReference<>()));
		assertThat(response.getStatus()).isEqualTo(200);
	}

	@Test
	void aBodyAtTheCapPassesWhole() throws Exception {
		byte[] body = "0123456789".getBytes(StandardCharsets.US_ASCII);
		AtomicReference<byte[]> read = new AtomicReference<>();

		this.filter.doFilter(post("application/json", body), new MockHttpServletResponse(), readAll(read));

		assertThat(read.get()).isEqualTo(body);
	}

	@Test
	void aBodyWithoutADeclaredLengthFailsAsSoonAsItPassesTheCap() throws Exception {
		// MockHttpServletRequest declares its content's length; a chunked body has none
		MockHttpServletRequest chunked = new MockHttpServletRequest() {
			@Override
			public long getContentLengthLong() {
				return -1;
			}
		};
		chunked.setMethod("POST");
		chunked.setContentType("application/json");
		chunked.setContent(new byte[11]);

		assertThatExceptionOfType(LimitedBodyRequest.BodyTooLargeException.class).isThrownBy(
				() -> this.filter.doFilter(chunked, new MockHttpServletResponse(), readAll(new AtomicReference<>())))
			.withMessageContaining("at most 10 bytes");
	}

	@Test
	void singleByteReadsCountToo() throws Exception {
		MockHttpServletRequest request = post("application/json", new byte[11]);
		LimitedBodyRequest limited = new LimitedBodyRequest(request, 10);
		var in = limited.getInputStream();
		for (int i = 0; i < 10; i++) {
			assertThat(in.read()).isZero();
		}
		assertThatExceptionOfType(LimitedBodyRequest.BodyTooLargeException.class).isThrownBy(in::read);
		assertThat(limited.getInputStream()).as("one stream per request").isSameAs(in);
	}

	private static MockHttpServletRequest post(String contentType, byte[] body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/anything");
		request.setContentType(contentType);
		request.setContent(body);
		return request;
	}

	private static FilterChain readAll(AtomicReference<byte[]> into) {
		return (request, response) -> into.set(request.getInputStream().readAllBytes());
	}

}
