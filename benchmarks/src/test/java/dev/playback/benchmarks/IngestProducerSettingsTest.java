package dev.playback.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IngestProducerSettingsTest {

	@Test
	void springProducerPropertiesBecomeKafkaOnesWithoutSerializersOrServers() {
		Map<String, String> spring = new LinkedHashMap<>();
		spring.put("spring.kafka.producer.acks", "all");
		spring.put("spring.kafka.producer.compression-type", "lz4");
		spring.put("spring.kafka.producer.batch-size", "65536");
		spring.put("spring.kafka.producer.properties.linger.ms", "5");
		spring.put("spring.kafka.producer.value-serializer", "x.Y");
		spring.put("spring.kafka.producer.bootstrap-servers", "elsewhere:9092");
		spring.put("spring.kafka.bootstrap-servers", "localhost:9092");
		spring.put("server.port", "8081");

		assertThat(IngestProducerSettings.kafkaProperties(spring)).containsExactly("acks=all", "compression.type=lz4",
				"batch.size=65536", "linger.ms=5");
	}

	@Test
	void ingestApisOwnSettingsWithTheBenchmarksTuningOnTop() {
		List<String> settings = IngestProducerSettings
			.of(List.of("--spring.kafka.producer.properties.linger.ms=20", "--server.port=1"));

		// what the contract asks of every write, as ingest-api.yml sets it
		assertThat(settings).contains("acks=all", "enable.idempotence=true", "linger.ms=20")
			.doesNotContain("server.port=1")
			.anySatisfy((setting) -> assertThat(setting).startsWith("compression.type="))
			.anySatisfy((setting) -> assertThat(setting).startsWith("batch.size="));
	}

}
