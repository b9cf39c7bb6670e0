package dev.playback.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives an HTTP endpoint with wrk (keep-alive connections, one load thread) and reads
 * its figures. The request body is a template whose {@code USER} is replaced by one of
 * {@value #USERS} users, each request the next user's, so that events spread over
 * partitions as real viewers' do; the requests are built once, before the load starts.
 */
final class Wrk {

	/** Distinct users the requests cycle through: spread over every partition. */
	static final int USERS = 1000;

	/** The agent every request declares: a desktop Chrome's, valid traffic. */
	static final String BROWSER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/142.0.0.0 Safari/537.36";

	private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

	private static final Pattern REQUESTS = Pattern.compile("([0-9]+) requests in");

	private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+([0-9]+)");

	private static final Pattern ERRORS = Pattern
		.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

	/**
	 * What one wrk run measured.
	 *
	 * @param requestsPerSecond completed requests per second
	 * @param p50Ms median latency
	 * @param p99Ms 99th percentile latency
	 * @param requests completed requests
	 * @param failed responses other than 2xx plus socket errors
	 */
	record Result(double requestsPerSecond, double p50Ms, double p99Ms, long requests, long failed) {

		/**
		 * Several runs of the same load as one: the mean rate and median, the worst p99,
		 * every request and failure.
		 */
		static Result of(List<Result> runs) {
			return new Result(runs.stream().mapToDouble(Result::requestsPerSecond).average().orElseThrow(),
					runs.stream().mapToDouble(Result::p50Ms).average().orElseThrow(),
					runs.stream().mapToDouble(Result::p99Ms).max().orElseThrow(),
					runs.stream().mapToLong(Result::requests).sum(), runs.stream().mapToLong(Result::failed).sum());
		}

	}

	private final Path workDir;

	Wrk(Path workDir) {
		this.workDir = workDir;
	}

	/**
	 * @param delayMillis pause per connection between requests (0: as fast as possible);
	 * with {@code connections} connections it sets the offered rate
	 */
	Result run(String url, String bodyTemplate, int connections, int seconds, int delayMillis) {
		Path script = script(bodyTemplate, delayMillis);
		List<String> command = List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "--latency", "-s",
				script.toString(), url);
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("wrk failed: " + output);
			}
			return parse(output);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run wrk (apt-get install wrk)", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static Result parse(String output) {
		long failed = find(NON_2XX, output).map(Long::parseLong).orElse(0L);
		Matcher errors = ERRORS.matcher(output);
		if (errors.find()) {
			for (int i = 1; i <= 4; i++) {
				failed += Long.parseLong(errors.group(i));
			}
		}
		return new Result(Double.parseDouble(find(REQUESTS_PER_SECOND, output).orElseThrow()),
				percentile(output, "50%"), percentile(output, "99%"),
				Long.parseLong(find(REQUESTS, output).orElseThrow()), failed);
	}

	private static double percentile(String output, String label) {
		Matcher matcher = Pattern.compile("\\s" + Pattern.quote(label) + "\\s+([0-9.]+)(us|ms|s)").matcher(output);
		if (!matcher.find()) {
			throw new IllegalStateException("No " + label + " latency in wrk output:\n" + output);
		}
		double value = Double.parseDouble(matcher.group(1));
		return switch (matcher.group(2)) {
			case "us" -> value / 1000;
			case "s" -> value * 1000;
			default -> value;
		};
	}

	private static java.util.Optional<String> find(Pattern pattern, String output) {
		Matcher matcher = pattern.matcher(output);
		return matcher.find() ? java.util.Optional.of(matcher.group(1)) : java.util.Optional.empty();
	}

	private Path script(String bodyTemplate, int delayMillis) {
		String lua = """
				wrk.method = "POST"
				wrk.headers["Content-Type"] = "application/json"
				local template = [==[%s]==]
				-- every user's request made once, up front: building a batch body per
				-- request (gsub and format of 12 KB) cost wrk half a core of the two
				-- (in init: wrk sets the Host header just before it calls init)
				local requests = {}
				init = function(args)
				  for user = 1, %d do
				    local body = template:gsub("USER", "bench-user-" .. user)
				    -- a browser's agent and a client address per user, forwarded by a
				    -- proxy: ingest classifies every request (docs/contract.md section 1)
				    local headers = {}
				    headers["Content-Type"] = "application/json"
				    headers["User-Agent"] = "%s"
				    headers["X-Forwarded-For"] = "81.2." .. math.floor(user / 250) .. "." .. (user %% 250 + 1)
				    requests[user] = wrk.format(nil, nil, headers, body)
				  end
				end
				local n = 0
				request = function()
				  n = n %% #requests + 1
				  return requests[n]
				end
				""".formatted(bodyTemplate, USERS, BROWSER_AGENT);
		if (delayMillis > 0) {
			lua += "delay = function() return " + delayMillis + " end\n";
		}
		try {
			return Files.writeString(Files.createTempFile(this.workDir, "wrk-", ".lua"), lua);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
