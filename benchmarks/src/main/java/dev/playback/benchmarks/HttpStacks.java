package dev.playback.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.playback.infra.FreePorts;

/**
 * The no-op ceilings of the HTTP stacks Spring Boot offers, for the ingest benchmark: the
 * {@code http-ceilings} application once per stack (Tomcat and Jetty under Spring MVC,
 * Reactor Netty under WebFlux), each in its own JVM with ingest's heap, answering
 * {@code POST /accept-only} with {@code 202} after reading the body.
 */
final class HttpStacks implements AutoCloseable {

	static final List<String> STACKS = List.of("tomcat", "jetty", "netty");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Map<String, Process> processes = new LinkedHashMap<>();

	private final Map<String, String> urls = new LinkedHashMap<>();

	/**
	 * What a stack did in a measured run.
	 *
	 * @param result wrk's figures
	 * @param cores the stack's JVM's CPU meanwhile
	 */
	record Measured(Wrk.Result result, double cores) {

		/** A run of wrk, with the CPU the process {@code pid} used meanwhile. */
		static Measured of(long pid, Supplier<Wrk.Result> run) {
			long before = ServiceProcesses.cpuTicks(pid);
			long started = System.nanoTime();
			Wrk.Result result = run.get();
			double elapsed = (System.nanoTime() - started) / 1e9;
			return new Measured(result, (ServiceProcesses.cpuTicks(pid) - before) / 100.0 / elapsed);
		}

		/** CPU microseconds per request. */
		double microsPerRequest() {
			return this.cores * 1e6 / this.result.requestsPerSecond();
		}

	}

	static HttpStacks start(Path work) throws Exception {
		Path jar = ServiceProcesses.execJar("http-ceilings");
		HttpStacks stacks = new HttpStacks();
		try {
			for (String stack : STACKS) {
				int port = FreePorts.next();
				Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
						"-Xms1g", "-Xmx1g", "-jar", jar.toString(), "--stack=" + stack, "--server.port=" + port,
						"--logging.level.root=WARN")
					.redirectErrorStream(true)
					.redirectOutput(work.resolve("http-" + stack + ".log").toFile())
					.start();
				stacks.processes.put(stack, process);
				stacks.urls.put(stack, "http://127.0.0.1:" + port + "/accept-only");
			}
			for (String stack : STACKS) {
				stacks.awaitAnswer(stack, work.resolve("http-" + stack + ".log"));
			}
			return stacks;
		}
		catch (Exception ex) {
			stacks.close();
			throw ex;
		}
	}

	private void awaitAnswer(String stack, Path log) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.processes.get(stack).isAlive()) {
				throw new IllegalStateException(stack + " ceiling exited while starting; see " + log);
			}
			try {
				HttpResponse<Void> answer = HTTP.send(HttpRequest.newBuilder(URI.create(this.urls.get(stack)))
					.POST(HttpRequest.BodyPublishers.ofString("{}"))
					.build(), HttpResponse.BodyHandlers.discarding());
				if (answer.statusCode() == 202) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException(stack + " ceiling did not answer within 120 s; see " + log);
	}

	/** Each stack loaded with {@code body} for {@code seconds}, for its JIT. */
	void warm(Wrk wrk, String body, int connections, int seconds) {
		STACKS.forEach((stack) -> wrk.run(this.urls.get(stack), body, connections, seconds, 0));
	}

	/** One stack loaded with {@code body}, with its JVM's CPU. */
	Measured measure(String stack, Wrk wrk, String body, int connections, int seconds) {
		return Measured.of(this.processes.get(stack).pid(),
				() -> wrk.run(this.urls.get(stack), body, connections, seconds, 0));
	}

	/** The slices of each stack merged: wrk's figures over all of them, mean cores. */
	static Map<String, Measured> merge(Map<String, List<Measured>> slices) {
		Map<String, Measured> merged = new LinkedHashMap<>();
		slices.forEach((stack, measured) -> {
			List<Wrk.Result> results = new ArrayList<>();
			measured.forEach((slice) -> results.add(slice.result()));
			merged.put(stack, new Measured(Wrk.Result.of(results),
					measured.stream().mapToDouble(Measured::cores).average().orElse(0)));
		});
		return merged;
	}

	@Override
	public void close() throws InterruptedException {
		for (Process process : this.processes.values()) {
			process.destroy();
			process.waitFor();
		}
	}

}
