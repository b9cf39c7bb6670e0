package dev.playback.ceilings;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The no-op ceiling of an HTTP stack: {@code POST /accept-only} reads the whole body and
 * answers {@code 202} with ingest's answer's shape, no parsing, no Kafka, as ingest-api's
 * own {@code /benchmark/accept-only} does. {@code --stack=tomcat|jetty|netty} chooses the
 * server: Tomcat or Jetty under Spring MVC (a controller reading the servlet request's
 * stream), or Reactor Netty under WebFlux (a controller draining the body's buffers). No
 * actuator, filters or metrics: each stack's own cost and nothing else.
 */
@SpringBootApplication
public class HttpCeilings {

	static final String ANSWER = "{\"accepted\":0}";

	/** The stacks, and the auto-configurations that would start another server. */
	enum Stack {

		TOMCAT(WebApplicationType.SERVLET,
				"org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration"),

		JETTY(WebApplicationType.SERVLET,
				"org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration"),

		NETTY(WebApplicationType.REACTIVE,
				"org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration,"
						+ "org.springframework.boot.jetty.autoconfigure.reactive.JettyReactiveWebServerAutoConfiguration");

		final WebApplicationType type;

		final String excluded;

		Stack(WebApplicationType type, String excluded) {
			this.type = type;
			this.excluded = excluded;
		}

	}

	public static void main(String[] args) {
		run(args);
	}

	static ConfigurableApplicationContext run(String... args) {
		Stack stack = Arrays.stream(args)
			.filter((arg) -> arg.startsWith("--stack="))
			.map((arg) -> Stack.valueOf(arg.substring("--stack=".length()).toUpperCase(Locale.ROOT)))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Name a stack: --stack=tomcat|jetty|netty"));
		SpringApplication application = new SpringApplication(HttpCeilings.class);
		application.setWebApplicationType(stack.type);
		application.setDefaultProperties(Map.of("spring.autoconfigure.exclude", stack.excluded,
				"spring.main.banner-mode", "off", "spring.application.name", "http-ceiling-" + stack.name()));
		return application.run(args);
	}

	@RestController
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	static class ServletCeiling {

		@PostMapping(path = "/accept-only", produces = MediaType.APPLICATION_JSON_VALUE)
		ResponseEntity<String> acceptOnly(HttpServletRequest request) throws IOException {
			try (InputStream body = request.getInputStream()) {
				body.transferTo(OutputStream.nullOutputStream());
			}
			return ResponseEntity.accepted().body(ANSWER);
		}

	}

	@RestController
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	static class ReactiveCeiling {

		@PostMapping(path = "/accept-only", produces = MediaType.APPLICATION_JSON_VALUE)
		Mono<ResponseEntity<String>> acceptOnly(ServerHttpRequest request) {
			return request.getBody()
				.doOnNext(DataBufferUtils::release)
				.then(Mono.fromSupplier(() -> ResponseEntity.accepted().body(ANSWER)));
		}

	}

}
