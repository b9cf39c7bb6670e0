package dev.playback.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The services' image, without a Docker engine: the Dockerfile's rules (non-root numeric
 * user, the one the Helm chart runs as; JVM sized by the container; pinned base images),
 * and its layer extraction run on each service's own jar exactly as the Dockerfile runs
 * it, with every layer it copies there and the launcher it starts.
 */
class ImagesTest {

	static final Path DOCKERFILE = Path.of("..", "deploy", "docker", "Dockerfile");

	@Test
	void theImageRunsAsTheChartsNonRootUserWithAContainerSizedHeap() throws IOException {
		String dockerfile = Files.readString(DOCKERFILE);
		List<String> users = instructions(dockerfile, "USER");
		assertThat(users).containsExactly("10001:10001");
		String helpers = Files.readString(Path.of("..", "deploy", "helm", "playback", "templates", "_helpers.tpl"));
		assertThat(helpers).contains("runAsUser: 10001", "runAsGroup: 10001", "runAsNonRoot: true");
		assertThat(instructions(dockerfile, "ENV")).anySatisfy((env) -> assertThat(env).startsWith("JAVA_TOOL_OPTIONS=")
			.contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError")
			.doesNotContain("-Xmx"));
		assertThat(instructions(dockerfile, "FROM")).isNotEmpty()
			.allSatisfy((from) -> assertThat(from).matches("eclipse-temurin:17-jre-[a-z]+( AS \\w+)?"));
		assertThat(instructions(dockerfile, "ENTRYPOINT"))
			.containsExactly("[\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ingest-api", "session-aggregator", "royalty-service", "ad-metrics-service", "portal" })
	void theDockerfilesLayersComeOutOfEachServicesJar(String service, @TempDir Path work) throws Exception {
		Path jar = serviceJar(service);
		String dockerfile = Files.readString(DOCKERFILE);
		Matcher extract = Pattern.compile("RUN (java -Djarmode=tools -jar app.jar extract [^\\n]+)")
			.matcher(dockerfile);
		assertThat(extract.find()).isTrue();
		List<String> command = new ArrayList<>(List.of(extract.group(1).split(" ")));
		command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.set(command.indexOf("app.jar"), jar.toString());
		Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();

		Matcher copies = Pattern.compile("COPY --from=layers /build/(\\S+)/ \\./").matcher(dockerfile);
		List<String> layers = new ArrayList<>();
		while (copies.find()) {
			layers.add(copies.group(1));
		}
		assertThat(layers).hasSize(4);
		for (String layer : layers) {
			assertThat(work.resolve(layer)).as(layer).isDirectory();
		}
		assertThat(
				work.resolve("extracted/spring-boot-loader/org/springframework/boot/loader/launch/JarLauncher.class"))
			.exists();
		try (var in = Files.newInputStream(work.resolve("extracted/application/META-INF/MANIFEST.MF"))) {
			String startClass = new Manifest(in).getMainAttributes().getValue("Start-Class");
			assertThat(startClass).startsWith("dev.playback.");
			String classFile = "BOOT-INF/classes/" + startClass.replace('.', '/') + ".class";
			assertThat(work.resolve("extracted/application").resolve(classFile)).exists();
		}
		try (var libraries = Files.list(work.resolve("extracted/dependencies/BOOT-INF/lib"))) {
			assertThat(libraries.map((path) -> path.getFileName().toString()))
				.anyMatch((name) -> name.startsWith("spring-boot-4."));
		}
	}

	/** The service's exec jar from the test class path (this module depends on each). */
	private static Path serviceJar(String service) {
		String name = service + "-" + System.getProperty("project.version", "0.1.0-SNAPSHOT") + "-exec.jar";
		for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
			if (Path.of(entry).getFileName().toString().equals(name)) {
				return Path.of(entry);
			}
		}
		throw new IllegalStateException(name + " is not on the test class path");
	}

	private static List<String> instructions(String dockerfile, String keyword) {
		List<String> found = new ArrayList<>();
		for (String line : dockerfile.split("\n")) {
			if (line.startsWith(keyword + " ")) {
				found.add(line.substring(keyword.length() + 1).trim().replaceAll("^\"|\"$", ""));
			}
		}
		return found;
	}

}
