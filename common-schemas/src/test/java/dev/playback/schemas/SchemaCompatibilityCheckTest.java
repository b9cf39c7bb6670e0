package dev.playback.schemas;

import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shows that the gate in {@link SchemaEvolutionTest} rejects the changes it must reject.
 */
class SchemaCompatibilityCheckTest {

	@Test
	void addingARequiredFieldBreaksBackwardCompatibility() {
		Schema current = Heartbeat.getClassSchema();
		Schema withRequiredField = withExtraField(current, false);
		assertThat(SchemaCompatibility.checkReaderWriterCompatibility(withRequiredField, current).getType())
			.isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
	}

	@Test
	void addingAnOptionalFieldWithDefaultKeepsBackwardCompatibility() {
		Schema current = Heartbeat.getClassSchema();
		Schema withOptionalField = withExtraField(current, true);
		assertThat(SchemaCompatibility.checkReaderWriterCompatibility(withOptionalField, current).getType())
			.isEqualTo(SchemaCompatibilityType.COMPATIBLE);
	}

	private static Schema withExtraField(Schema base, boolean optional) {
		List<Schema.Field> fields = new ArrayList<>();
		base.getFields().forEach((field) -> fields.add(new Schema.Field(field, field.schema())));
		fields.add(optional
				? new Schema.Field("newField",
						Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)), null,
						Schema.Field.NULL_DEFAULT_VALUE)
				: new Schema.Field("newField", Schema.create(Schema.Type.STRING)));
		return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
	}

}
