package dev.playback.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a JDK of at least a given feature version: {@code JAVA_HOME} when new enough,
 * else the newest one under {@code /usr/lib/jvm}. The registry needs Java 21 or newer
 * while the services run on 17.
 */
public final class Jdks {

	private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"?(\\d+)", Pattern.MULTILINE);

	private final Map<String, String> environment;

	private final Path jvmRoot;

	Jdks(Map<String, String> environment, Path jvmRoot) {
		this.environment = environment;
		this.jvmRoot = jvmRoot;
	}

	public static Jdks system() {
		return new Jdks(System.getenv(), Path.of("/usr/lib/jvm"));
	}

	/** The {@code java} executable of a JDK of at least {@code minimumFeature}. */
	public Path javaExecutable(int minimumFeature) {
		return find(minimumFeature).map((home) -> home.resolve("bin/java"))
			.orElseThrow(() -> new IllegalStateException("The schema registry needs a JDK " + minimumFeature
					+ " or newer, and none was found (JAVA_HOME=" + this.environment.get("JAVA_HOME") + ", nor under "
					+ this.jvmRoot + "). Install one, for example 'apt-get install openjdk-" + minimumFeature
					+ "-jdk-headless' or Temurin 25, or point JAVA_HOME at it."));
	}

	Optional<Path> find(int minimumFeature) {
		String javaHome = this.environment.get("JAVA_HOME");
		if (javaHome != null && !javaHome.isBlank()) {
			Path home = Path.of(javaHome);
			if (feature(home).orElse(0) >= minimumFeature) {
				return Optional.of(home);
			}
		}
		if (!Files.isDirectory(this.jvmRoot)) {
			return Optional.empty();
		}
		try (Stream<Path> homes = Files.list(this.jvmRoot)) {
			List<Path> candidates = homes.filter((home) -> !Files.isSymbolicLink(home))
				.filter((home) -> Files.isExecutable(home.resolve("bin/java")))
				.filter((home) -> feature(home).orElse(0) >= minimumFeature)
				.sorted(Comparator.comparing((Path home) -> feature(home).orElse(0)).reversed())
				.toList();
			return candidates.stream().findFirst();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The feature version a JDK's {@code release} file declares. */
	static Optional<Integer> feature(Path home) {
		Path release = home.resolve("release");
		if (!Files.isRegularFile(release)) {
			return Optional.empty();
		}
		try {
			Matcher matcher = JAVA_VERSION.matcher(Files.readString(release));
			if (!matcher.find()) {
				return Optional.empty();
			}
			int first = Integer.parseInt(matcher.group(1));
			// Java 8 and older say "1.8.0", which reads as 1: too old for anything here
			return Optional.of(first);
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

}
