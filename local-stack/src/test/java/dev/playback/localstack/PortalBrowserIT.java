package dev.playback.localstack;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.playback.infra.ApiCalls;
import dev.playback.infra.FreePorts;
import dev.playback.portal.PortalApplication;
import dev.playback.simulator.GroundTruth;
import dev.playback.simulator.Scenario;
import dev.playback.simulator.Simulation;
import dev.playback.simulator.Verifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portal in a real browser (headless Debian Chromium through Selenium and Debian's
 * chromedriver) against the local stack loaded by the simulator: what a license holder,
 * an advertiser and the operator see equals what the APIs answer (and the simulator's
 * verify holds the APIs to its ground truth first); charts are drawn; another tenant's
 * ids are not found; signed-out and forged requests are refused; errors say what to do.
 */
class PortalBrowserIT {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String PREFIX = "portal" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);

	static LocalStack stack;

	static GroundTruth truth;

	static String holderKey;

	static String otherHolderKey;

	static String advertiserKey;

	static ApiCalls royalty;

	static ApiCalls adMetrics;

	@BeforeAll
	static void load() throws Exception {
		stack = SharedStack.get();
		Duration hours = Duration.ofHours(2);
		Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(hours).minus(Duration.ofMinutes(15));
		// people and a few bots: the pages show what is kept out, too
		Simulation simulation = new Simulation(new Scenario(7, PREFIX, 40, start, hours, Scenario.Network.perfect())
			.with(new Scenario.Audience(0.1, 0.1, 0)));
		simulation.applyCatalog(stack.url("royalty-service"), stack.url("ad-metrics-service"), stack.operatorKey());
		truth = simulation.run(stack.url("ingest-api"), false, 0, 8, (line) -> {
		}).truth();
		List<String> differences = new Verifier(new Verifier.Endpoints(stack.url("session-aggregator"),
				stack.url("royalty-service"), stack.url("ad-metrics-service"), stack.operatorKey()))
			.verify(truth, Duration.ofMinutes(2));
		assertThat(differences).as("the APIs agree with the ground truth before the pages are read").isEmpty();
		royalty = new ApiCalls(stack.ports().get("royalty-service"));
		adMetrics = new ApiCalls(stack.ports().get("ad-metrics-service"));
		holderKey = newKey(royalty, "/v1/admin/license-holders/" + PREFIX + "-studio-1/api-keys");
		otherHolderKey = newKey(royalty, "/v1/admin/license-holders/" + PREFIX + "-studio-2/api-keys");
		advertiserKey = newKey(adMetrics, "/v1/admin/advertisers/" + PREFIX + "-brand-1/api-keys");
	}

	@Test
	void aLicenseHolderSeesItsStatementAsTheApiHasIt() throws Exception {
		String month = truth.statements()
			.stream()
			.filter((statement) -> statement.holderId().equals(PREFIX + "-studio-1"))
			.map(GroundTruth.Statement::month)
			.findFirst()
			.orElseThrow();
		JsonNode api = json(royalty
			.get("/v1/license-holders/" + PREFIX + "-studio-1/statements/" + month, holderKey, "application/json")
			.getBody());
		try (Browser browser = new Browser(stack.url("portal"))) {
			browser.signIn(holderKey);
			assertThat(browser.driver().getCurrentUrl()).endsWith("/statements");
			browser.open("/statements?month=" + month);
			assertThat(browser.text("#statement-title")).contains("Studio 1");
			assertThat(browser.text("#total")).isEqualTo(api.get("total").asString());
			assertThat(browser.text("#status")).isEqualTo(api.get("status").asString());
			List<WebElement> rows = browser.all("#lines tbody tr");
			assertThat(rows).hasSize(api.get("lines").size()).isNotEmpty();
			for (int i = 0; i < rows.size(); i++) {
				JsonNode line = api.get("lines").get(i);
				WebElement row = rows.get(i);
				assertThat(row.getDomAttribute("data-video-id")).isEqualTo(line.get("videoId").asString());
				for (String field : List.of("title", "hoursStreamed", "qualifyingViews", "uniqueViewers", "amount",
						"invalidTrafficHours")) {
					assertThat(cell(row, field)).as(field + " of " + line.get("videoId").asString())
						.isEqualTo(line.get(field).asString());
				}
			}
			assertThat(browser.drawnPaths("daily-chart")).as("the daily hours chart is drawn").isPositive();
			browser.screenshot("statement");

			// the CSV download is the API's CSV, fetched with the session's key
			HttpResponse<String> csv = withSession(browser.sessionCookie(), "/statements/statement.csv?month=" + month);
			assertThat(csv.statusCode()).isEqualTo(200);
			assertThat(csv.headers().firstValue("Content-Disposition").orElseThrow()).contains("attachment");
			assertThat(csv.body()).isEqualTo(royalty
				.get("/v1/license-holders/" + PREFIX + "-studio-1/statements/" + month, holderKey, "text/csv")
				.getBody());
			// and the sessions behind it, the API's evidence
			HttpResponse<String> evidence = withSession(browser.sessionCookie(),
					"/statements/evidence.csv?month=" + month);
			assertThat(evidence.statusCode()).isEqualTo(200);
			assertThat(evidence.body()).startsWith("forMonth,videoId,sessionId,viewerId,")
				.isEqualTo(royalty
					.get("/v1/license-holders/" + PREFIX + "-studio-1/statements/" + month + "/evidence", holderKey,
							"text/csv")
					.getBody());
			assertThat(evidence.body().lines().count()).as("a row per session behind the lines").isGreaterThan(1);

			browser.open("/statements?month=2020-01");
			assertThat(browser.text("#empty-month")).contains("No viewing").contains("January 2020");
		}
	}

	@Test
	void anAdvertiserSeesItsCampaignsAsTheApiHasThem() throws Exception {
		LocalDate to = LocalDate.now(ZoneOffset.UTC);
		LocalDate from = to.minusDays(1);
		String range = "from=" + from + "&to=" + to;
		try (Browser browser = new Browser(stack.url("portal"))) {
			browser.signIn(advertiserKey);
			assertThat(browser.driver().getCurrentUrl()).endsWith("/campaigns");
			browser.open("/campaigns?" + range + "&granularity=hour");
			JsonNode totals = report(range + "&granularity=total&groupBy=campaign").get("rows");
			assertThat(totals).isNotEmpty();
			assertFunnel(browser, totals);
			List<WebElement> reach = browser.all("#reach tbody tr");
			assertThat(reach).hasSize(totals.size());
			for (int i = 0; i < totals.size(); i++) {
				assertThat(reach.get(i).getDomAttribute("data-group")).isEqualTo(totals.get(i).get("group").asString());
				assertThat(cell(reach.get(i), "uniqueViewers"))
					.isEqualTo(totals.get(i).get("uniqueViewers").asString());
				assertThat(new BigDecimal(cell(reach.get(i), "frequency")))
					.isEqualByComparingTo(totals.get(i).get("frequency").decimalValue());
				assertThat(cell(reach.get(i), "givtExcludedImpressions"))
					.isEqualTo(totals.get(i).get("givtExcludedImpressions").asString());
				JsonNode viewableRate = totals.get(i).get("viewableRate");
				if (viewableRate.isNull()) {
					assertThat(cell(reach.get(i), "viewableRate")).isEqualTo("-");
				}
				else {
					assertThat(new BigDecimal(cell(reach.get(i), "viewableRate")))
						.isEqualByComparingTo(viewableRate.decimalValue());
				}
			}
			JsonNode byCountry = report(range + "&granularity=total&groupBy=country").get("rows");
			assertThat(browser.all("#by-country tbody tr")).hasSize(byCountry.size());
			for (JsonNode row : byCountry) {
				String group = row.get("group").isNull() ? "unknown" : row.get("group").asString();
				WebElement tr = browser.driver()
					.findElement(By.cssSelector("#by-country tbody tr[data-group='" + group + "']"));
				assertThat(cell(tr, "starts")).isEqualTo(row.get("starts").asString());
				assertThat(cell(tr, "impressions")).isEqualTo(row.get("impressions").asString());
			}
			for (String chart : List.of("timeline-chart", "funnel-chart", "country-chart", "device-chart")) {
				assertThat(browser.drawnPaths(chart)).as(chart + " is drawn").isPositive();
			}
			browser.screenshot("campaigns");

			// one campaign, picked in the form and sent with Enter
			String campaign = PREFIX + "-campaign-1";
			new Select(browser.driver().findElement(By.id("campaign"))).selectByValue(campaign);
			browser.submitWithEnter("from");
			assertThat(browser.driver().getCurrentUrl()).contains("campaign=" + campaign);
			assertFunnel(browser,
					report(range + "&granularity=total&groupBy=campaign&campaignId=" + campaign).get("rows"));

			HttpResponse<String> csv = withSession(browser.sessionCookie(),
					"/campaigns/report.csv?campaign=" + campaign + "&" + range + "&granularity=hour");
			assertThat(csv.body()).isEqualTo(adMetrics
				.get("/v1/advertisers/" + PREFIX + "-brand-1/reports/impressions?" + range
						+ "&granularity=hour&groupBy=campaign&campaignId=" + campaign, advertiserKey, "text/csv")
				.getBody());
		}
	}

	@Test
	void theOperatorSeesTheCatalogAndEveryServicesHealthAndApiDocumentation() throws Exception {
		try (Browser browser = new Browser(stack.url("portal"))) {
			browser.signIn(stack.operatorKey());
			assertThat(browser.driver().getCurrentUrl()).endsWith("/operator");
			List<WebElement> services = browser.all("#services tbody tr");
			assertThat(services).extracting((row) -> row.getDomAttribute("data-service"))
				.containsExactlyInAnyOrder("ingest-api", "session-aggregator", "royalty-service", "ad-metrics-service");
			for (WebElement service : services) {
				assertThat(cell(service, "status")).isEqualTo("UP");
				String docs = service.findElement(By.tagName("a")).getDomAttribute("href");
				HttpResponse<String> page = HttpClient.newHttpClient()
					.send(HttpRequest.newBuilder(URI.create(docs)).build(), HttpResponse.BodyHandlers.ofString());
				assertThat(page.statusCode()).as(docs).isEqualTo(200);
				assertThat(page.body()).contains("Swagger UI");
			}
			assertThat(browser.all("#holders tbody tr[data-id='" + PREFIX + "-studio-1']")).hasSize(1);
			assertThat(browser.all("#advertisers tbody tr[data-id='" + PREFIX + "-brand-2']")).hasSize(1);
			browser.screenshot("operator");
			// and any holder's statement
			browser.open("/statements?holder=" + PREFIX + "-studio-3");
			assertThat(browser.text("#statement-title")).contains("Studio 3");
		}
	}

	@Test
	void anotherTenantsIdsInUrlsAndFormsAreNotFound() {
		try (Browser browser = new Browser(stack.url("portal"))) {
			browser.signIn(holderKey);
			browser.open("/statements?holder=" + PREFIX + "-studio-2");
			assertThat(browser.text("h1")).isEqualTo("Not found");
			assertThat(browser.text("#problem-detail")).contains(PREFIX + "-studio-2");
			assertThat(browser.driver().getPageSource()).doesNotContain("data-video-id");
			browser.open("/campaigns");
			assertThat(browser.text("h1")).as("a holder has no campaigns page").isEqualTo("Not found");
			browser.open("/operator");
			assertThat(browser.text("h1")).isEqualTo("Not found");
			browser.open("/statements?holder=..%2F..%2Fadmin");
			assertThat(browser.text("h1")).isEqualTo("Not found");
		}
		try (Browser browser = new Browser(stack.url("portal"))) {
			browser.signIn(advertiserKey);
			browser.open("/campaigns?advertiser=" + PREFIX + "-brand-2");
			assertThat(browser.text("h1")).isEqualTo("Not found");
			browser.open("/campaigns?campaign=" + PREFIX + "-campaign-3");
			assertThat(browser.text("h1")).as("another advertiser's campaign").isEqualTo("Not found");
			browser.open("/campaigns?ad=" + PREFIX + "-ad-4");
			assertThat(browser.text("h1")).isEqualTo("Not found");
			browser.open("/statements");
			assertThat(browser.text("h1")).isEqualTo("Not found");
		}
	}

	@Test
	void signedOutExpiredAndForgedRequestsAreRefused() throws Exception {
		try (Browser browser = new Browser(stack.url("portal"))) {
			browser.signIn(otherHolderKey);
			String session = browser.sessionCookie();
			assertThat(session).isNotNull();
			assertThat(withSession(session, "/statements").statusCode()).isEqualTo(200);
			// a POST without the page's CSRF token, or with a made-up one
			assertThat(post(session, "/signout", "").statusCode()).isEqualTo(403);
			assertThat(post(session, "/signout", "_csrf=" + UUID.randomUUID()).statusCode()).isEqualTo(403);
			assertThat(withSession(session, "/statements").statusCode()).as("still signed in").isEqualTo(200);

			browser.clickThrough("header form button");
			assertThat(browser.driver().getCurrentUrl()).contains("/signin?signedOut");
			assertThat(browser.sessionCookie()).as("the signed-in session's cookie is gone").isNotEqualTo(session);
			HttpResponse<String> after = withSession(session, "/statements");
			assertThat(after.statusCode()).isEqualTo(302);
			assertThat(after.headers().firstValue("Location").orElseThrow()).contains("/signin");

			// a session the server no longer has: the page says it expired
			browser.driver().manage().addCookie(new Cookie("PORTAL_SESSION", "0123456789ABCDEF0123456789ABCDEF"));
			browser.open("/statements");
			assertThat(browser.driver().getCurrentUrl()).contains("/signin");
			assertThat(browser.text(".notice")).contains("session expired");
		}
	}

	@Test
	void aWrongKeyAndAServiceThatIsDownAreExplained() throws Exception {
		try (Browser browser = new Browser(stack.url("portal"))) {
			browser.signIn("pk_not-a-key-anyone-has");
			assertThat(browser.text("#signin-error")).contains("not known to the suite");
		}
		int closed = FreePorts.next();
		try (ConfigurableApplicationContext portal = PortalApplication.application()
			.run("--server.port=0", "--spring.main.banner-mode=off", "--spring.main.register-shutdown-hook=false",
					"--playback.portal.royalty-url=http://127.0.0.1:" + closed,
					"--playback.portal.ad-metrics-url=" + stack.url("ad-metrics-service"),
					"--playback.portal.ingest-url=" + stack.url("ingest-api"),
					"--playback.portal.aggregator-url=" + stack.url("session-aggregator"),
					"--playback.portal.timeout=2s");
				Browser browser = new Browser(
						"http://127.0.0.1:" + portal.getEnvironment().getProperty("local.server.port"))) {
			browser.signIn(holderKey);
			assertThat(browser.text("#signin-error")).contains("royalty-service is not answering");
			browser.signIn(advertiserKey);
			assertThat(browser.driver().getCurrentUrl()).as("ad-metrics-service knows the key").endsWith("/campaigns");
			browser.driver().manage().deleteAllCookies();
			browser.signIn(stack.operatorKey());
			assertThat(browser.all("#services tbody tr[data-service='royalty-service'] [data-field='status']")
				.get(0)
				.getText()).isEqualTo("UNREACHABLE");
			assertThat(browser.text(".error")).contains("royalty-service is not answering");
			browser.open("/statements");
			assertThat(browser.text("h1")).isEqualTo("royalty-service is not available");
		}
	}

	@Test
	void everyFormControlIsLabelledAndThePagesWorkByKeyboard() {
		try (Browser browser = new Browser(stack.url("portal"))) {
			browser.driver().get(stack.url("portal") + "/signin");
			assertLabelled(browser);
			browser.signIn(stack.operatorKey());
			for (String page : List.of("/operator", "/statements", "/campaigns")) {
				browser.open(page);
				assertLabelled(browser);
			}
			// from the top of the statements page, Tab reaches the pickers and the button
			// in order
			browser.open("/statements");
			List<String> focused = new ArrayList<>();
			for (int i = 0; i < 14; i++) {
				new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
				WebElement active = browser.driver().switchTo().activeElement();
				focused.add(active.getTagName() + "#" + active.getDomAttribute("id"));
			}
			assertThat(focused).containsSubsequence("select#holder", "input#month", "button#show", "a#csv");
		}
	}

	private static void assertLabelled(Browser browser) {
		for (WebElement control : browser.all("input:not([type=hidden]), select, textarea")) {
			String id = control.getDomAttribute("id");
			boolean labelled = control.getDomAttribute("aria-label") != null
					|| (id != null && !browser.all("label[for='" + id + "']").isEmpty());
			assertThat(labelled).as("%s on %s has a label", id, browser.driver().getCurrentUrl()).isTrue();
		}
	}

	private static void assertFunnel(Browser browser, JsonNode rows) {
		Map<String, Long> sums = new HashMap<>();
		for (JsonNode row : rows) {
			for (String field : List.of("impressions", "starts", "firstQuartiles", "midpoints", "thirdQuartiles",
					"completes", "skips", "clicks")) {
				sums.merge(field, row.get(field).asLong(), Long::sum);
			}
		}
		sums.forEach((field, sum) -> assertThat(browser.text("#funnel [data-field='" + field + "']")).as(field)
			.isEqualTo(Long.toString(sum)));
	}

	private static JsonNode report(String query) {
		return json(adMetrics
			.get("/v1/advertisers/" + PREFIX + "-brand-1/reports/impressions?" + query, advertiserKey,
					"application/json")
			.getBody());
	}

	private static String cell(WebElement row, String field) {
		return row.findElement(By.cssSelector("[data-field='" + field + "']")).getText().strip();
	}

	private static String newKey(ApiCalls service, String path) {
		return json(service.post(path, stack.operatorKey()).getBody()).get("apiKey").asString();
	}

	private static JsonNode json(String body) {
		return JSON.readTree(body);
	}

	private static HttpResponse<String> withSession(String session, String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(stack.url("portal") + path))
				.header("Cookie", "PORTAL_SESSION=" + session)
				.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private static HttpResponse<String> post(String session, String path, String form) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(stack.url("portal") + path))
				.header("Cookie", "PORTAL_SESSION=" + session)
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

}
