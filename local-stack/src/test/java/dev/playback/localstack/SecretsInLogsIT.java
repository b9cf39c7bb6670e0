package dev.playback.localstack;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import dev.playback.infra.ApiCalls;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API keys are secrets: the operator's and the tenants' keys, used rightly and wrongly
 * against every service and the portal, appear in no log line (message, arguments, stack
 * traces, MDC) of the whole stack and in none of the actuator endpoints the services
 * expose.
 */
class SecretsInLogsIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	@Test
	void noKeyAppearsInAnyLogLineOrActuatorEndpoint() throws Exception {
		LocalStack stack = SharedStack.get();
		ApiCalls royalty = new ApiCalls(stack.ports().get("royalty-service"));
		ApiCalls adMetrics = new ApiCalls(stack.ports().get("ad-metrics-service"));
		String operatorKey = stack.operatorKey();
		String holder = "secrets-" + UUID.randomUUID();
		String advertiser = "secrets-" + UUID.randomUUID();
		List<String> secrets = new ArrayList<>(List.of(operatorKey));
		CapturedLogs logs = CapturedLogs.install();
		try {
			assertThat(royalty.put("/v1/admin/license-holders/" + holder, "{\"name\":\"Secrets\"}", operatorKey)
				.getStatusCode()
				.is2xxSuccessful()).isTrue();
			assertThat(adMetrics.put("/v1/admin/advertisers/" + advertiser, "{\"name\":\"Secrets\"}", operatorKey)
				.getStatusCode()
				.is2xxSuccessful()).isTrue();
			String holderKey = newKey(royalty, "/v1/admin/license-holders/" + holder + "/api-keys", operatorKey);
			String advertiserKey = newKey(adMetrics, "/v1/admin/advertisers/" + advertiser + "/api-keys", operatorKey);
			secrets.addAll(List.of(holderKey, advertiserKey, holderKey + "x", operatorKey + "x"));

			// used as meant, and as not meant: every answer is one a service may log
			// about
			String statement = "/v1/license-holders/" + holder + "/statements/2026-11";
			assertThat(royalty.get("/v1/me", holderKey, "application/json").getStatusCode().value()).isEqualTo(200);
			assertThat(royalty.get(statement, holderKey, "application/json").getStatusCode().value())
				.as("no rate card yet")
				.isEqualTo(409);
			assertThat(royalty.get(statement, holderKey + "x", "application/json").getStatusCode().value())
				.isEqualTo(401);
			assertThat(royalty.get("/v1/license-holders/someone-else/statements/2026-11", holderKey, "text/csv")
				.getStatusCode()
				.value()).isEqualTo(404);
			assertThat(royalty.post("/v1/admin/license-holders/" + holder + "/api-keys", holderKey)
				.getStatusCode()
				.is4xxClientError()).isTrue();
			assertThat(
					royalty.get(statement + "?apiKey=" + holderKey, null, "application/json").getStatusCode().value())
				.as("a key in the query string is no key")
				.isEqualTo(401);
			assertThat(adMetrics.get("/v1/advertisers/" + advertiser + "/campaigns", advertiserKey, "application/json")
				.getStatusCode()
				.value()).isEqualTo(200);
			assertThat(
					adMetrics.get("/v1/advertisers/" + advertiser + "/campaigns", operatorKey + "x", "application/json")
						.getStatusCode()
						.value())
				.isEqualTo(401);
			assertThat(signIn(stack.url("portal"), advertiserKey)).isEqualTo(302);
			assertThat(signIn(stack.url("portal"), holderKey + "x")).isEqualTo(401);
			LoggerFactory.getLogger("dev.playback.secrets").info("captured: the appender sees the stack's logs");
		}
		finally {
			logs.remove();
		}

		assertThat(logs.lines()).as("the capture works").anyMatch((line) -> line.contains("captured: the appender"));
		for (String secret : secrets) {
			assertThat(logs.lines()).as("log lines").noneMatch((line) -> line.contains(secret));
		}
		for (String service : stack.ports().keySet()) {
			for (String endpoint : List.of("/actuator/health", "/actuator/info", "/actuator/prometheus")) {
				String body = HttpClient.newHttpClient()
					.send(HttpRequest.newBuilder(URI.create(stack.url(service) + endpoint)).build(),
							HttpResponse.BodyHandlers.ofString())
					.body();
				for (String secret : secrets) {
					assertThat(body).as(service + endpoint).doesNotContain(secret);
				}
			}
		}
	}

	private static String newKey(ApiCalls service, String path, String operatorKey) {
		return JSON.readTree(service.post(path, operatorKey).getBody()).get("apiKey").asString();
	}

	/** Signs in to the portal with a key as a browser would (its CSRF token included). */
	private static int signIn(String portal, String key) throws Exception {
		HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
		String page = browser
			.send(HttpRequest.newBuilder(URI.create(portal + "/signin")).build(), HttpResponse.BodyHandlers.ofString())
			.body();
		Matcher token = CSRF.matcher(page);
		assertThat(token.find()).as("the sign-in page has a CSRF token").isTrue();
		String form = "_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8) + "&key="
				+ URLEncoder.encode(key, StandardCharsets.UTF_8);
		return browser
			.send(HttpRequest.newBuilder(URI.create(portal + "/signin"))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	/** Every log event of this JVM (all the stack's services log here) as text. */
	static final class CapturedLogs extends AppenderBase<ILoggingEvent> {

		private final List<String> lines = new CopyOnWriteArrayList<>();

		static CapturedLogs install() {
			LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
			CapturedLogs appender = new CapturedLogs();
			appender.setContext(context);
			appender.setName("secrets-check");
			appender.start();
			context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
			return appender;
		}

		@Override
		protected void append(ILoggingEvent event) {
			StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ')
				.append(event.getFormattedMessage());
			if (event.getThrowableProxy() != null) {
				line.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
			}
			Map<String, String> mdc = event.getMDCPropertyMap();
			if (mdc != null && !mdc.isEmpty()) {
				line.append(' ').append(mdc);
			}
			this.lines.add(line.toString());
		}

		List<String> lines() {
			return this.lines;
		}

		void remove() {
			LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
			context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
			stop();
		}

	}

}
