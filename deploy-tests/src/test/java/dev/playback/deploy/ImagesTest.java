package dev.playback.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The images Jib builds (the root pom's jib-maven-plugin), without a Docker engine or a
 * registry: every build writes each image, on an empty base, to its module's
 * target/jib-image.tar, and this test opens it. The configuration is the one `jib:build`
 * pushes; only the base image differs (a registry's eclipse-temurin JRE there).
 */
class ImagesTest {

	static final Path ROOT = Path.of("..");

	static final ObjectMapper JSON = new ObjectMapper();

	@ParameterizedTest
	@ValueSource(strings = { "ingest-api", "session-aggregator", "royalty-service", "ad-metrics-service", "portal",
			"local-stack" })
	void eachImageRunsItsMainClassFromItsLayersAsTheChartsNonRootUser(String module) throws IOException {
		Image image = Image.read(ROOT.resolve(module).resolve("target/jib-image.tar"));
		String name = module.equals("local-stack") ? "player-simulator" : module;
		assertThat(image.manifest.get(0).get("RepoTags").get(0).asText()).as("where jib:build pushes it")
			.endsWith("/" + name + ":" + System.getProperty("project.version", "0.1.0-SNAPSHOT"));

		JsonNode config = image.config.get("config");
		assertThat(config.get("User").asText()).as("the chart's runAsUser and runAsGroup").isEqualTo("10001:10001");
		String helpers = Files.readString(HelmChartTest.CHART.resolve("templates/_helpers.tpl"));
		assertThat(helpers).contains("runAsUser: 10001", "runAsGroup: 10001", "runAsNonRoot: true");
		Map<String, String> env = new HashMap<>();
		config.get("Env").forEach((entry) -> {
			String[] pair = entry.asText().split("=", 2);
			env.put(pair[0], pair[1]);
		});
		assertThat(env.get("JAVA_TOOL_OPTIONS")).contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError")
			.doesNotContain("-Xmx");
		assertThat(env).containsEntry("TMPDIR", "/tmp");
		assertThat(config.get("ExposedPorts").has("8080/tcp")).isTrue();

		List<String> entrypoint = new ArrayList<>();
		config.get("Entrypoint").forEach((part) -> entrypoint.add(part.asText()));
		assertThat(entrypoint.subList(0, 3)).containsExactly("java", "-cp", "@/app/jib-classpath-file");
		String mainClass = entrypoint.get(3);
		assertThat(mainClass).startsWith("dev.playback.");
		assertThat(image.files).as("the main class").contains("app/classes/" + mainClass.replace('.', '/') + ".class");
		String classpath = image.text("app/jib-classpath-file").trim();
		for (String entry : classpath.split(":")) {
			assertThat(entry).startsWith("/app/");
			String path = entry.substring(1);
			assertThat(image.files.stream().anyMatch((file) -> file.equals(path) || file.startsWith(path + "/")))
				.as(entry + " is in a layer")
				.isTrue();
		}
		assertThat(classpath).contains("/app/libs/spring-boot-4.");

		List<String> layers = new ArrayList<>();
		image.config.get("history").forEach((step) -> layers.add(step.get("comment").asText()));
		assertThat(layers).as("what changes least first")
			.startsWith("dependencies")
			.containsSubsequence("dependencies", "resources", "classes");
	}

	@Test
	void jibBuildsFromAPinnedJavaRuntimeAndNoDockerfileIsKept() throws IOException {
		String pom = Files.readString(ROOT.resolve("pom.xml"));
		assertThat(pom).containsPattern("<image>eclipse-temurin:17-jre-[a-z]+</image>")
			.contains("<image>${image.registry}/${project.artifactId}:${image.tag}</image>");
		assertThat(ROOT.resolve("deploy/docker/Dockerfile")).doesNotExist();
	}

	/**
	 * An image as `docker save` writes it (Jib's buildTar): manifest, config and layers.
	 */
	record Image(JsonNode manifest, JsonNode config, Set<String> files, Map<String, byte[]> small) {

		static Image read(Path tar) throws IOException {
			assertThat(tar).as("made by the module's build (jib:buildTar in its package phase)").exists();
			Map<String, byte[]> entries = new HashMap<>();
			try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
				for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
					entries.put(entry.getName(), in.readAllBytes());
				}
			}
			JsonNode manifest = JSON.readTree(entries.get("manifest.json"));
			JsonNode config = JSON.readTree(entries.get(manifest.get(0).get("Config").asText()));
			Set<String> files = new TreeSet<>();
			Map<String, byte[]> small = new HashMap<>();
			for (JsonNode layer : manifest.get(0).get("Layers")) {
				try (InputStream gzip = new GzipCompressorInputStream(
						new java.io.ByteArrayInputStream(entries.get(layer.asText())));
						TarArchiveInputStream in = new TarArchiveInputStream(gzip)) {
					for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
						String name = entry.getName().replaceFirst("^/", "");
						files.add(name);
						if (entry.isFile() && entry.getSize() < 64 * 1024) {
							small.put(name, in.readAllBytes());
						}
					}
				}
			}
			return new Image(manifest, config, files, small);
		}

		String text(String file) {
			assertThat(this.small).containsKey(file);
			return new String(this.small.get(file), StandardCharsets.UTF_8);
		}

	}

}
