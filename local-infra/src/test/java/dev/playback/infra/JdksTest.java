package dev.playback.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class JdksTest {

	@TempDir
	Path jvms;

	@Test
	void javaHomeWinsWhenNewEnough() throws IOException {
		Path home = jdk("custom", "25.0.1");
		jdk("other", "26");
		Jdks jdks = new Jdks(Map.of("JAVA_HOME", home.toString()), this.jvms);
		assertThat(jdks.javaExecutable(21)).isEqualTo(home.resolve("bin/java"));
	}

	@Test
	void newestJdkUnderTheRootWhenJavaHomeIsTooOld() throws IOException {
		Path old = jdk("java-17", "17.0.15");
		jdk("java-21", "21.0.2");
		Path newest = jdk("temurin-25", "25.0.3");
		Jdks jdks = new Jdks(Map.of("JAVA_HOME", old.toString()), this.jvms);
		assertThat(jdks.javaExecutable(21)).isEqualTo(newest.resolve("bin/java"));
	}

	@Test
	void clearErrorWhenNoJdkIsNewEnough() throws IOException {
		jdk("java-17", "17.0.15");
		Jdks jdks = new Jdks(Map.of(), this.jvms);
		assertThatIllegalStateException().isThrownBy(() -> jdks.javaExecutable(21))
			.withMessageContaining("needs a JDK 21 or newer")
			.withMessageContaining("apt-get install openjdk-21-jdk-headless");
	}

	@Test
	void readsTheFeatureVersionOfOldStyleReleaseFiles() throws IOException {
		assertThat(Jdks.feature(jdk("java-8", "1.8.0_392"))).contains(1);
		assertThat(Jdks.feature(this.jvms.resolve("missing"))).isEmpty();
	}

	private Path jdk(String name, String version) throws IOException {
		Path home = Files.createDirectories(this.jvms.resolve(name));
		Files.createDirectories(home.resolve("bin"));
		Path java = Files.writeString(home.resolve("bin/java"), "#!/bin/sh\n");
		java.toFile().setExecutable(true);
		Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + version + "\"\n");
		return home;
	}

}
