package dev.playback.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the code is allowed to hang together, checked on every module's compiled classes
 * (this module's test class path holds them all) and on the modules' poms: the session
 * rules stay plain Java; no module but the ones that run the suite depends on a service;
 * no package cycles.
 */
class ArchitectureTest {

	/** Deployables: nothing else may depend on them. */
	static final List<String> SERVICES = List.of("ingest-api", "session-aggregator", "royalty-service",
			"ad-metrics-service", "portal");

	/**
	 * Modules that run the services: the local stack (in one JVM), the benchmarks, the
	 * deployment checks (images from the services' jars).
	 */
	static final List<String> RUNNERS = List.of("local-stack", "benchmarks", "deploy-tests");

	static final Path ROOT = Path.of("..");

	static JavaClasses classes;

	@BeforeAll
	static void importClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("dev.playback");
	}

	@Test
	void theSessionRulesAreAvroRecordsAndPlainJavaOnly() {
		noClasses().that()
			.resideInAPackage("dev.playback.rules..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "org.apache.kafka..", "io.apicurio..", "jakarta..",
					"dev.playback.aggregator..", "dev.playback.simulator..")
			.check(classes);
		assertThat(classes.stream().filter((c) -> c.getPackageName().startsWith("dev.playback.rules"))).isNotEmpty();
	}

	@Test
	void noModuleButTheRunnersDependsOnAService() throws IOException {
		Map<String, List<String>> dependencies = moduleDependencies();
		assertThat(dependencies).containsKeys("player-simulator", "session-rules", "portal");
		dependencies.forEach((module, uses) -> {
			if (!RUNNERS.contains(module)) {
				assertThat(uses).as("services %s depends on", module).doesNotContainAnyElementsOf(SERVICES);
			}
		});
		noClasses().that()
			.resideInAnyPackage("dev.playback.simulator..", "dev.playback.rules..", "dev.playback.schemas..",
					"dev.playback.sessions.consumer..", "dev.playback.reports..", "dev.playback.web..",
					"dev.playback.infra..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.playback.ingest..", "dev.playback.aggregator..", "dev.playback.royalty..",
					"dev.playback.admetrics..", "dev.playback.portal..")
			.check(classes);
	}

	@Test
	void packagesHaveNoCycles() {
		slices().matching("dev.playback.(**)").should().beFreeOfCycles().check(classes);
	}

	/** Each module's dependencies on the suite's own modules, from its pom. */
	static Map<String, List<String>> moduleDependencies() throws IOException {
		Pattern dependency = Pattern.compile(
				"<dependency>\\s*(?:<!--.*?-->\\s*)?<groupId>dev\\.playback</groupId>\\s*<artifactId>([\\w-]+)</artifactId>",
				Pattern.DOTALL);
		Map<String, List<String>> modules = new TreeMap<>();
		try (Stream<Path> poms = Files.list(ROOT)) {
			for (Path pom : poms.map((dir) -> dir.resolve("pom.xml")).filter(Files::exists).toList()) {
				if (pom.getParent().normalize().equals(ROOT.normalize())) {
					continue;
				}
				List<String> uses = new ArrayList<>();
				Matcher matcher = dependency.matcher(Files.readString(pom));
				while (matcher.find()) {
					uses.add(matcher.group(1));
				}
				modules.put(pom.getParent().getFileName().toString(), uses);
			}
		}
		return modules;
	}

}
