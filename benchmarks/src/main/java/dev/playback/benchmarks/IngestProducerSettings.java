package dev.playback.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/**
 * The producer settings ingest-api runs with, as Kafka producer properties, so that
 * ProducerPerformance in the ingest benchmark always runs with the same ones: read from
 * ingest-api's own {@code ingest-api.yml} (on this module's classpath), with the
 * benchmark's tuning arguments for ingest-api ({@code BENCH_INGEST_ARGS}) applied on top.
 */
final class IngestProducerSettings {

	private static final String PREFIX = "spring.kafka.producer.";

	private static final String PASSED_THROUGH = PREFIX + "properties.";

	private IngestProducerSettings() {
	}

	/**
	 * {@code name=value} pairs for {@code --producer-props}.
	 * @param ingestArguments the arguments ingest-api is started with (those of the form
	 * {@code --spring.kafka.producer.x=y} count)
	 * @return the settings, bootstrap servers and serializers aside
	 */
	static List<String> of(List<String> ingestArguments) {
		YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
		yaml.setResources(new ClassPathResource("ingest-api.yml"));
		Properties configured = yaml.getObject();
		// YAML numbers and booleans come as such, not as strings
		Map<String, String> spring = new TreeMap<>();
		configured.forEach((name, value) -> spring.put(name.toString(), String.valueOf(value)));
		for (String argument : ingestArguments) {
			int equals = argument.indexOf('=');
			if (argument.startsWith("--") && equals > 0) {
				spring.put(argument.substring(2, equals), argument.substring(equals + 1));
			}
		}
		return kafkaProperties(spring);
	}

	/**
	 * Spring Boot's producer properties as Kafka's: {@code compression-type} as
	 * {@code compression.type}, {@code properties.linger.ms} as {@code linger.ms};
	 * serializers and bootstrap servers are the tool's own.
	 */
	static List<String> kafkaProperties(Map<String, String> spring) {
		Map<String, String> kafka = new LinkedHashMap<>();
		spring.forEach((name, value) -> {
			if (name.startsWith(PASSED_THROUGH)) {
				kafka.put(name.substring(PASSED_THROUGH.length()), value);
			}
			else if (name.startsWith(PREFIX) && !name.endsWith("-serializer")
					&& !name.equals(PREFIX + "bootstrap-servers")) {
				kafka.put(name.substring(PREFIX.length()).replace('-', '.'), value);
			}
		});
		List<String> pairs = new ArrayList<>();
		kafka.forEach((name, value) -> pairs.add(name + "=" + value));
		return pairs;
	}

}
