package dev.playback.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build-time compatibility gate. Every released version of a contract is kept under
 * {@code src/test/resources/schema-history/<Name>/vN.avsc}; the current schema must read
 * data written with each of them (BACKWARD, as the registry would enforce), and must
 * equal the newest one, so that a schema change also commits its new version for the next
 * change to be checked against.
 */
class SchemaEvolutionTest {

	static List<Schema> contracts() {
		return List.of(Heartbeat.getClassSchema(), ViewingSession.getClassSchema());
	}

	@ParameterizedTest
	@MethodSource("contracts")
	void currentSchemaReadsEveryCommittedVersion(Schema current) throws IOException {
		List<Schema> history = history(current.getName());
		assertThat(history).as("committed versions of %s", current.getName()).isNotEmpty();
		for (Schema previous : history) {
			var result = SchemaCompatibility.checkReaderWriterCompatibility(current, previous).getResult();
			assertThat(result.getCompatibility())
				.as("%s must read data written with committed version %s: %s", current.getName(),
						history.indexOf(previous) + 1, result.getIncompatibilities())
				.isEqualTo(SchemaCompatibilityType.COMPATIBLE);
		}
	}

	@ParameterizedTest
	@MethodSource("contracts")
	void currentSchemaIsCommittedAsTheNewestVersion(Schema current) throws IOException {
		List<Schema> history = history(current.getName());
		Schema newest = history.get(history.size() - 1);
		assertThat(newest)
			.as("%s changed: copy it to schema-history/%s/v%d.avsc", current.getName(), current.getName(),
					history.size() + 1)
			.isEqualTo(current);
	}

	static List<Schema> history(String name) throws IOException {
		List<Schema> versions = new ArrayList<>();
		for (int version = 1;; version++) {
			try (InputStream in = SchemaEvolutionTest.class
				.getResourceAsStream("/schema-history/" + name + "/v" + version + ".avsc")) {
				if (in == null) {
					return versions;
				}
				versions.add(new Schema.Parser().parse(in));
			}
		}
	}

}
