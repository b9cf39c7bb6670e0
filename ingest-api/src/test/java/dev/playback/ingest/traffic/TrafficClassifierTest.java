package dev.playback.ingest.traffic;

import java.util.List;

import dev.playback.schemas.TrafficClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The shipped agent list and the data-center ranges, against real agents and addresses.
 */
class TrafficClassifierTest {

	private final TrafficClassifier classifier = TrafficClassifier.of(new ClassPathResource("traffic/bot-agents.txt"),
			List.of("203.0.113.0/24", "192.0.2.128/25", "2001:db8:aa::/48", "198.18.0.1"));

	@ParameterizedTest
	@ValueSource(strings = { "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
			"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36",
			"facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
			"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)",
			"Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", "curl/8.5.0", "Wget/1.21.4",
			"python-requests/2.32.3", "Go-http-client/2.0", "Java-http-client/17.0.15",
			"Apache-HttpClient/5.4.1 (Java/17.0.15)",
			"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
			"UptimeRobot/2.0; http://www.uptimerobot.com/", "Scrapy/2.11 (+https://scrapy.org)",
			"Mozilla/5.0 (compatible; SomeNewCrawler/1.0)", "PostmanRuntime/7.39.0" })
	void declaredBotsSpidersAndNonBrowserAgentsAreGivtBotAgent(String agent) {
		assertThat(this.classifier.classify(agent, "198.51.100.7")).isEqualTo(TrafficClass.GIVT_BOT_AGENT);
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
			"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
			"Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
			"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
			"Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
			"Mozilla/5.0 (SMART-TV; Linux; Tizen 8.0) AppleWebKit/537.36 (KHTML, like Gecko) Version/8.0 TV Safari/537.36",
			"Roku/DVP-14.0 (14.0.0.4204-46)", "okhttp/4.12.0",
			"MyPlayer/2.3 (iPhone; iOS 18.1) CFNetwork/1568 Darwin/24.1.0", "ExoPlayerLib/2.19.1",
			"AppleCoreMedia/1.0.0.22A3354 (iPhone; U; CPU OS 18_0 like Mac OS X; en_us)" })
	void browsersAndNativePlayersAreValid(String agent) {
		assertThat(this.classifier.classify(agent, "198.51.100.7")).as(agent).isEqualTo(TrafficClass.VALID);
	}

	@Test
	void aRequestWithoutAnAgentIsNotABrowser() {
		assertThat(this.classifier.classify(null, "198.51.100.7")).isEqualTo(TrafficClass.GIVT_BOT_AGENT);
		assertThat(this.classifier.classify("  ", "198.51.100.7")).isEqualTo(TrafficClass.GIVT_BOT_AGENT);
	}

	@Test
	void addressesInADataCenterRangeAreGivtDatacenter() {
		String browser = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
		assertThat(List.of("203.0.113.0", "203.0.113.255", "192.0.2.128", "192.0.2.255", "2001:db8:aa::1",
				"2001:db8:aa:ffff:ffff:ffff:ffff:ffff", "198.18.0.1", "::ffff:203.0.113.9"))
			.allSatisfy((address) -> assertThat(this.classifier.classify(browser, address)).as(address)
				.isEqualTo(TrafficClass.GIVT_DATACENTER));
		assertThat(List.of("203.0.112.255", "203.0.114.0", "192.0.2.127", "2001:db8:ab::1", "198.18.0.2",
				"198.51.100.7", "::1", "localhost", "not an address", ""))
			.allSatisfy((address) -> assertThat(this.classifier.classify(browser, address)).as(address)
				.isEqualTo(TrafficClass.VALID));
		assertThat(this.classifier.classify(browser, null)).isEqualTo(TrafficClass.VALID);
	}

	@Test
	void theAgentIsTheFirstReason() {
		assertThat(this.classifier.classify("curl/8.5.0", "203.0.113.9")).isEqualTo(TrafficClass.GIVT_BOT_AGENT);
	}

	@Test
	void overlappingRangesMergeAndAListOfThousandsIsOneBinarySearch() {
		List<String> ranges = new java.util.ArrayList<>();
		for (int i = 0; i < 20_000; i++) {
			ranges.add("10." + (i / 256) % 256 + "." + i % 256 + ".0/24");
		}
		ranges.add("10.0.0.0/8");
		AddressRanges merged = AddressRanges.of(ranges);
		assertThat(merged.size()).isOne();
		assertThat(merged.contains("10.200.3.4")).isTrue();
		assertThat(merged.contains("11.0.0.0")).isFalse();
	}

	@Test
	void aRangeThatIsNotCidrIsRefusedByName() {
		assertThatIllegalArgumentException().isThrownBy(() -> AddressRanges.of(List.of("203.0.113.0/33")))
			.withMessageContaining("203.0.113.0/33");
		assertThatIllegalArgumentException().isThrownBy(() -> AddressRanges.of(List.of("example.com/24")))
			.withMessageContaining("example.com/24");
		assertThatIllegalArgumentException().isThrownBy(() -> AddressRanges.of(List.of("203.0.113.0/x")))
			.withMessageContaining("203.0.113.0/x");
	}

	@Test
	void anOperatorsListReplacesTheShippedOne() {
		TrafficClassifier own = TrafficClassifier.of(
				new ByteArrayResource("# ours\n\nOurMonitor/\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
				List.of());
		assertThat(own.classify("OurMonitor/1.0", "198.51.100.7")).isEqualTo(TrafficClass.GIVT_BOT_AGENT);
		assertThat(own.classify("curl/8.5.0", "198.51.100.7")).isEqualTo(TrafficClass.VALID);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TrafficClassifier.of(new ByteArrayResource("# nothing\n".getBytes()), List.of()))
			.withMessageContaining("lists no agent");
	}

}
