package dev.playback.localstack;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.playback.localstack.playerdemo.PlayerDemoServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web SDK in a real browser against the real stack: the player-sdk package's browser
 * tests ({@code npm run test:browser}: headless Debian Chromium driven by playwright-core
 * plays the demo page's clip through scripted viewings and compares each session with the
 * video element's {@code played} ranges) run against this JVM's local stack and player
 * demo. Needs {@code /usr/bin/chromium} (scripts/prerequisites.sh installs it) and the
 * player-sdk module built first (its {@code npm ci}).
 */
class PlayerSdkBrowserIT {

	private static final Path SDK = Path.of("..", "player-sdk").toAbsolutePath().normalize();

	private static final Pattern COUNT = Pattern.compile("^ℹ (pass|fail) (\\d+)$");

	@Test
	void scriptedViewingsInChromiumGiveTheSessionsTheVideoElementPlayed() throws Exception {
		assertThat(SDK.resolve("node_modules/playwright-core"))
			.as("player-sdk's npm packages (build the player-sdk module first)")
			.isDirectory();
		LocalStack stack = SharedStack.get();
		Path log = Path.of("target", "player-sdk-browser.log");
		int passed = -1;
		int failed = -1;
		try (PlayerDemoServer demo = PlayerDemoServer.start(0, stack.url("ingest-api"),
				stack.url("session-aggregator"))) {
			ProcessBuilder npm = new ProcessBuilder("npm", "run", "test:browser").directory(SDK.toFile())
				.redirectErrorStream(true);
			npm.environment().put("DEMO_URL", demo.url());
			npm.environment().put("AGGREGATOR_URL", stack.url("session-aggregator"));
			Process process = npm.start();
			try (BufferedReader out = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
					PrintWriter copy = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
				for (String line = out.readLine(); line != null; line = out.readLine()) {
					System.out.println("[browser] " + line);
					copy.println(line);
					Matcher count = COUNT.matcher(line.strip());
					if (count.matches()) {
						int value = Integer.parseInt(count.group(2));
						if (count.group(1).equals("pass")) {
							passed = value;
						}
						else {
							failed = value;
						}
					}
				}
			}
			assertThat(process.waitFor(8, TimeUnit.MINUTES)).as("the browser tests end").isTrue();
			assertThat(process.exitValue()).as("npm run test:browser (output in %s)", log).isZero();
		}
		assertThat(failed).as("failed browser tests").isZero();
		assertThat(passed).as("passed browser tests: every scripted viewing").isGreaterThanOrEqualTo(10);
	}

}
