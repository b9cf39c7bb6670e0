package dev.playback.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the benchmarks need of the services they run as child processes: the executable
 * jars the build leaves, waiting for readiness, and CPU figures from {@code /proc}.
 */
final class ServiceProcesses {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private ServiceProcesses() {
	}

	/** A module's executable jar, as the build leaves it. */
	static Path execJar(String module) {
		Path target = Path.of(module, "target");
		try (Stream<Path> files = Files.list(target)) {
			return files.filter((file) -> file.getFileName().toString().endsWith("-exec.jar"))
				.findFirst()
				.orElseThrow(
						() -> new IllegalStateException("Build first: no *-exec.jar in " + target.toAbsolutePath()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Run from the repository root after building", ex);
		}
	}

	/**
	 * Waits until the service answers its readiness probe; fails at once when its process
	 * ends, naming its log.
	 */
	static void awaitReady(String name, Process process, String baseUrl, Duration timeout, Path log) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException(name + " exited while starting; see its log in " + log);
			}
			try {
				HttpResponse<Void> response = HTTP.send(
						HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health/readiness")).build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s");
	}

	/**
	 * Arguments for a service's JVM from an environment variable (whitespace-separated),
	 * for tuning runs, e.g.
	 * {@code BENCH_AGGREGATOR_ARGS="--spring.kafka.streams.properties.commit.interval.ms=5000"};
	 * none when it is unset or blank.
	 */
	static List<String> argumentsFrom(String variable) {
		String extra = System.getenv(variable);
		return (extra != null && !extra.isBlank()) ? List.of(extra.trim().split("\\s+")) : List.of();
	}

	/**
	 * What {@code jcmd <pid> <command>} printed (the JDK's own jcmd, given up after
	 * {@code timeout}); empty when this thread is interrupted meanwhile.
	 */
	static String jcmd(long pid, String command, Duration timeout) {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		try {
			Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
			}
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run " + jcmd, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "";
		}
	}

	/**
	 * CPU ticks (1/100 s) of a process, its reaped children and its live descendants
	 * (PostgreSQL's backends).
	 */
	static long cpuTicks(long pid) {
		long ticks = ticks(pid, true);
		for (ProcessHandle child : ProcessHandle.of(pid)
			.map((handle) -> handle.descendants().toList())
			.orElse(List.of())) {
			ticks += ticks(child.pid(), false);
		}
		return ticks;
	}

	/**
	 * CPU ticks of the children that a process has waited for (a Kafka tool run to its
	 * end).
	 */
	static long reapedCpuTicks(long pid) {
		return ticks(pid, true) - ticks(pid, false);
	}

	/** CPU ticks of the process alone, without any child. */
	static long ownCpuTicks(long pid) {
		return ticks(pid, false);
	}

	private static long ticks(long pid, boolean withReaped) {
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			// fields from "state" on: utime, stime, cutime, cstime are the 12th to 15th
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			return withReaped ? ticks + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : ticks;
		}
		catch (IOException ex) {
			// the process is gone (a backend that just ended)
			return 0;
		}
	}

}
