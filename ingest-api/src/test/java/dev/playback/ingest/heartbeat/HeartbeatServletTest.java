package dev.playback.ingest.heartbeat;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link HeartbeatServlet} takes before it reads a body, and the problem details it
 * writes by hand.
 */
class HeartbeatServletTest {

	@Test
	void jsonAndTextWithAnyParametersAndCaseAreReadableNothingElse() {
		assertThat(HeartbeatServlet.readable("application/json")).isTrue();
		assertThat(HeartbeatServlet.readable("Application/JSON; charset=utf-8")).isTrue();
		assertThat(HeartbeatServlet.readable("text/plain;charset=UTF-8")).isTrue();
		assertThat(HeartbeatServlet.readable(" text/plain ")).isTrue();
		assertThat(HeartbeatServlet.readable(null)).isFalse();
		assertThat(HeartbeatServlet.readable("application/xml")).isFalse();
		assertThat(HeartbeatServlet.readable("application/json-seq")).isFalse();
		assertThat(HeartbeatServlet.readable("application/vnd.api+json")).isFalse();
		assertThat(HeartbeatServlet.readable("text/plainer")).isFalse();
	}

	@Test
	void anAcceptTakesJsonWhenAnyOfItsTypesDoes() {
		assertThat(HeartbeatServlet.acceptsJson(null)).isTrue();
		assertThat(HeartbeatServlet.acceptsJson("*/*")).isTrue();
		assertThat(HeartbeatServlet.acceptsJson("application/*")).isTrue();
		assertThat(HeartbeatServlet.acceptsJson("text/html, application/json;q=0.5")).isTrue();
		assertThat(HeartbeatServlet.acceptsJson("text/html,application/xhtml+xml,*/*;q=0.8")).isTrue();
		assertThat(HeartbeatServlet.acceptsJson("not a media type")).as("unreadable: not refused").isTrue();
		assertThat(HeartbeatServlet.acceptsJson("text/html")).isFalse();
		assertThat(HeartbeatServlet.acceptsJson("application/xml, text/*")).isFalse();
		assertThat(HeartbeatServlet.acceptsJson("application/json;q=0")).isFalse();
	}

	@Test
	void problemsAreOneJsonDocumentWhateverTheirTextHolds() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		String awkward = "quote \" backslash \\ newline \n tab \t bell \u0007 é";
		ProblemWriter.write(response, HttpStatus.BAD_REQUEST, "urn:playback:problem:invalid-heartbeat", awkward,
				awkward, List.of(new EventError(3, "a\"b", awkward), new EventError(4, null, "whole event")));

		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		JsonNode problem = JsonMapper.shared().readTree(response.getContentAsByteArray());
		assertThat(problem.get("type").asString()).isEqualTo("urn:playback:problem:invalid-heartbeat");
		assertThat(problem.get("title").asString()).isEqualTo(awkward);
		assertThat(problem.get("status").asInt()).isEqualTo(400);
		assertThat(problem.get("detail").asString()).isEqualTo(awkward);
		assertThat(problem.get("instance").asString()).isEqualTo("/v1/heartbeats");
		assertThat(problem.get("errors")).hasSize(2);
		assertThat(problem.get("errors").get(0).get("index").asInt()).isEqualTo(3);
		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("a\"b");
		assertThat(problem.get("errors").get(0).get("message").asString()).isEqualTo(awkward);
		assertThat(problem.get("errors").get(1).has("field")).as("no field: the event as a whole").isFalse();
	}

}
