package dev.playback.aggregator;

import java.util.stream.Stream;

import dev.playback.aggregator.session.SessionTopology;
import dev.playback.schemas.AvroSerdes;
import dev.playback.schemas.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.StreamsBuilder;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class StreamsConfig {

	@Bean
	SessionTopology sessionTopology(AggregatorProperties properties, MeterRegistry meters, StreamsBuilder builder) {
		String registry = properties.schemaRegistryUrl().toString();
		SessionTopology topology = new SessionTopology(AvroSerdes.valueSerde(registry), AvroSerdes.valueSerde(registry),
				properties.sessions().settings(), meters);
		topology.build(builder);
		return topology;
	}

	@Bean
	@ConditionalOnProperty(name = "playback.aggregator.create-topics", havingValue = "true", matchIfMissing = true)
	KafkaAdmin.NewTopics topics(AggregatorProperties properties) {
		return new KafkaAdmin.NewTopics(Stream.of(Topics.HEARTBEATS, Topics.SESSIONS, Topics.LATE_HEARTBEATS)
			.map(Topics::spec)
			.map((spec) -> spec.toNewTopic(properties.topicReplicas()))
			.toArray(NewTopic[]::new));
	}

}
