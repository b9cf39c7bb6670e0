package dev.playback.ingest.heartbeat;

import java.lang.reflect.Type;
import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocAnnotationsUtils;

import org.springframework.stereotype.Component;

/**
 * {@code POST /v1/heartbeats} in the API reference ({@code /v3/api-docs}, Swagger UI):
 * springdoc describes Spring MVC's handlers, and this endpoint is a servlet of its own
 * ({@link HeartbeatServlet}), so its operation is written here, its schemas resolved by
 * springdoc from the same types as before.
 */
@Component
class HeartbeatApiDocument implements OpenApiCustomizer {

	/**
	 * The answer to an accepted request.
	 *
	 * @param accepted how many events were written
	 */
	record Accepted(int accepted) {
	}

	@Override
	public void customise(OpenAPI openApi) {
		if (openApi.getComponents() == null) {
			openApi.setComponents(new Components());
		}
		Schema<?> events = new Schema<>()
			.oneOf(List.of(schema(openApi, HeartbeatRequest.class), schema(openApi, HeartbeatRequest[].class)));
		Operation accept = new Operation().addTagsItem("heartbeats")
			.operationId("accept")
			.summary("Accept playback events")
			.description("One event, or a JSON array of 1 to 500 events, checked as a whole: 202 once Kafka has every "
					+ "one of them, 400 naming each bad event by index and field with nothing published. Browsers may "
					+ "send the same JSON as text/plain (navigator.sendBeacon, CORS-simple fetch); pages of the "
					+ "origins in playback.ingest.allowed-origins get CORS answers, other origins 403.")
			.requestBody(new RequestBody().required(true)
				.content(new Content().addMediaType("application/json", new MediaType().schema(events))
					.addMediaType("text/plain", new MediaType().schema(events))))
			.responses(new ApiResponses()
				.addApiResponse("202",
						new ApiResponse().description("Every event is durably written to Kafka")
							.content(new Content().addMediaType("application/json",
									new MediaType().schema(schema(openApi, Accepted.class)))))
				.addApiResponse("400", problem("Invalid events or malformed JSON; none published"))
				.addApiResponse("403", problem("A cross-origin request from an origin not allowed"))
				.addApiResponse("405", problem("A method other than POST (or OPTIONS)"))
				.addApiResponse("406", problem("An Accept header that takes no JSON"))
				.addApiResponse("408",
						problem("The whole body did not arrive within body-read-timeout (10 s); the connection is "
								+ "closed"))
				.addApiResponse("413", problem("Over 1 MiB or over 500 events"))
				.addApiResponse("415", problem("Neither application/json nor text/plain"))
				.addApiResponse("429",
						problem("This client sends faster than its rate limit (when one is set); retry after "
								+ "Retry-After"))
				.addApiResponse("503", problem("Kafka did not take the events in time; retry after Retry-After")));
		openApi.path(HeartbeatServlet.PATH, new PathItem().post(accept));
	}

	/** The schema of {@code type}, its components added to the document's. */
	private static Schema<?> schema(OpenAPI openApi, Type type) {
		return SpringDocAnnotationsUtils.extractSchema(openApi.getComponents(), type, null, null,
				openApi.getSpecVersion());
	}

	private static ApiResponse problem(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType(ProblemWriter.CONTENT_TYPE, new MediaType()));
	}

}
