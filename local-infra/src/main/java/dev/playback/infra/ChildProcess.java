package dev.playback.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A server started as a child process whose output goes to a log file, so that a failed
 * start can say why.
 */
final class ChildProcess {

	private final String name;

	private final Process process;

	private final Path log;

	/**
	 * Kills the process when the JVM exits first (Ctrl-C or SIGTERM on a benchmark or the
	 * local stack), so that no server outlives the program that started it.
	 */
	private final Thread killOnExit;

	private ChildProcess(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
		this.killOnExit = new Thread(process::destroyForcibly, "kill-" + name + "-on-exit");
		try {
			Runtime.getRuntime().addShutdownHook(this.killOnExit);
		}
		catch (IllegalStateException ex) {
			// started while the JVM exits (a server stopped by its own exit hook): the
			// caller waits for it
		}
	}

	/** No longer kills the process on exit: it has ended or is being stopped. */
	private void forget() {
		try {
			Runtime.getRuntime().removeShutdownHook(this.killOnExit);
		}
		catch (IllegalStateException ex) {
			// the JVM is exiting: the hook runs anyway, on a process that has ended
		}
	}

	static ChildProcess start(String name, List<String> command, Path workDir, Path log) {
		try {
			Process process = new ProcessBuilder(command).directory(workDir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			return new ChildProcess(name, process, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + name + ": " + command, ex);
		}
	}

	/**
	 * Runs a command to its end and fails with its output when it does not exit with 0.
	 */
	static void run(String name, List<String> command, Path workDir, Path log, Duration timeout) {
		ChildProcess child = start(name, command, workDir, log);
		try {
			if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				child.kill();
				throw new IllegalStateException(name + " did not finish within " + timeout + "\n" + child.logTail());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			child.kill();
			throw new IllegalStateException("Interrupted while running " + name, ex);
		}
		child.forget();
		if (child.process.exitValue() != 0) {
			throw new IllegalStateException(
					name + " failed with exit code " + child.process.exitValue() + "\n" + child.logTail());
		}
	}

	void awaitReady(BooleanSupplier ready, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!ready.getAsBoolean()) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(
						this.name + " exited with code " + this.process.exitValue() + " while starting\n" + logTail());
			}
			if (System.nanoTime() > deadline) {
				kill();
				throw new IllegalStateException(this.name + " was not ready within " + timeout + "\n" + logTail());
			}
			sleep(Duration.ofMillis(100));
		}
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	long pid() {
		return this.process.pid();
	}

	/**
	 * Asks the process to stop (SIGTERM) and waits for it, then kills it if it lingers.
	 */
	void stop(Duration grace) {
		forget();
		this.process.destroy();
		try {
			if (!this.process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				kill();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			kill();
		}
	}

	/** Ends the process at once (SIGKILL), as a crash would. */
	void kill() {
		forget();
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	String logTail() {
		return tail(this.log);
	}

	static String tail(Path log) {
		try {
			List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
			return "--- last lines of " + log + " ---\n"
					+ String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log at " + log + ")";
		}
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
