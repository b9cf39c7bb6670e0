package dev.playback.localstack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven through Debian's chromedriver (Selenium finds nothing
 * to download: both executables are named), one fresh profile per instance.
 */
final class Browser implements AutoCloseable {

	static final Path SCREENSHOTS = Path.of("target", "portal-screenshots");

	private final ChromeDriver driver;

	private final String baseUrl;

	Browser(String baseUrl) {
		this.baseUrl = baseUrl;
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--window-size=1280,1000", "--no-first-run", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--disable-quic");
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File("/usr/bin/chromedriver"))
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
		this.driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
	}

	ChromeDriver driver() {
		return this.driver;
	}

	void open(String path) {
		this.driver.get(this.baseUrl + path);
		waitForCharts();
	}

	/** Signs in as a person would: the key typed into its field, Enter pressed. */
	void signIn(String key) {
		this.driver.get(this.baseUrl + "/signin");
		WebElement field = this.driver.findElement(By.id("key"));
		field.sendKeys(key);
		field.sendKeys(Keys.ENTER);
		new WebDriverWait(this.driver, Duration.ofSeconds(30))
			.until((driver) -> !driver.getCurrentUrl().endsWith("/signin")
					|| !driver.findElements(By.id("signin-error")).isEmpty());
		waitForCharts();
	}

	/** Presses Enter in a form's field and waits for the page the form leads to. */
	void submitWithEnter(String fieldId) {
		WebElement field = this.driver.findElement(By.id(fieldId));
		field.sendKeys(Keys.ENTER);
		new WebDriverWait(this.driver, Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(field));
		waitForCharts();
	}

	/** Clicks an element (a form's button, a link) and waits for the page it leads to. */
	void clickThrough(String cssSelector) {
		WebElement element = this.driver.findElement(By.cssSelector(cssSelector));
		element.click();
		new WebDriverWait(this.driver, Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(element));
		waitForCharts();
	}

	String text(String cssSelector) {
		return this.driver.findElement(By.cssSelector(cssSelector)).getText().strip();
	}

	List<WebElement> all(String cssSelector) {
		return this.driver.findElements(By.cssSelector(cssSelector));
	}

	/** SVG paths ECharts drew into the element: none means nothing was drawn. */
	long drawnPaths(String chartId) {
		return ((Number) ((JavascriptExecutor) this.driver)
			.executeScript("return document.querySelectorAll('#' + arguments[0] + ' svg path').length", chartId))
			.longValue();
	}

	String sessionCookie() {
		Cookie cookie = this.driver.manage().getCookieNamed("PORTAL_SESSION");
		return (cookie != null) ? cookie.getValue() : null;
	}

	/** The whole page, not only the window (Chromium's DevTools capture). */
	void screenshot(String name) throws IOException {
		Files.createDirectories(SCREENSHOTS);
		Map<String, Object> metrics = this.driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
		Map<?, ?> size = (Map<?, ?>) metrics.get("cssContentSize");
		Map<String, Object> shot = this.driver.executeCdpCommand("Page.captureScreenshot",
				Map.of("captureBeyondViewport", true, "clip",
						Map.of("x", 0, "y", 0, "width", ((Number) size.get("width")).doubleValue(), "height",
								((Number) size.get("height")).doubleValue(), "scale", 1)));
		Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
	}

	private void waitForCharts() {
		new WebDriverWait(this.driver, Duration.ofSeconds(30)).until((driver) -> (Boolean) ((JavascriptExecutor) driver)
			.executeScript("return document.readyState === 'complete' && [...document.querySelectorAll('[data-chart]')]"
					+ ".every((c) => c.querySelector('svg'))"));
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
