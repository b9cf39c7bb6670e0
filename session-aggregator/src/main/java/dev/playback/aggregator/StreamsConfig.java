package dev.playback.aggregator;

import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import dev.playback.aggregator.session.SessionTopology;
import dev.playback.schemas.AvroSerdes;
import dev.playback.schemas.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsBuilder;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.streams.RecoveringDeserializationExceptionHandler;

@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class StreamsConfig {

	@Bean
	SessionTopology sessionTopology(AggregatorProperties properties, MeterRegistry meters, StreamsBuilder builder) {
		String registry = properties.schemaRegistryUrl().toString();
		SessionTopology topology = new SessionTopology(AvroSerdes.heartbeatSerde(registry),
				AvroSerdes.recordSerde(registry), properties.sessions().settings(), meters);
		topology.build(builder);
		return topology;
	}

	/**
	 * A heartbeat record that cannot be read (not Avro, a schema id the registry does not
	 * have) goes, as it was, to the dead-letter topic with the exception in
	 * {@code kafka_dlt-*} headers, and the stream goes on; Kafka Streams' default would
	 * stop the stream thread on it. The dead letter is written outside the stream's
	 * transaction: at least once.
	 */
	@Bean
	StreamsBuilderFactoryBeanConfigurer deadLetterUnreadableHeartbeats(DeadLetterProducers deadLetterProducers) {
		KafkaTemplate<byte[], byte[]> template = new KafkaTemplate<>(deadLetterProducers.factory);
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
				(record, failure) -> new TopicPartition(Topics.AGGREGATOR_HEARTBEATS_DEAD_LETTER, -1));
		return (factory) -> {
			Properties streams = new Properties();
			streams.putAll(factory.getStreamsConfiguration());
			streams.put(org.apache.kafka.streams.StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
					RecoveringDeserializationExceptionHandler.class);
			streams.put(RecoveringDeserializationExceptionHandler.KSTREAM_DESERIALIZATION_RECOVERER, recoverer);
			factory.setStreamsConfiguration(streams);
		};
	}

	@Bean
	DeadLetterProducers deadLetterProducers(KafkaProperties kafka) {
		Map<String, Object> producer = kafka.buildProducerProperties();
		producer.keySet().removeIf((key) -> key.startsWith("transactional"));
		return new DeadLetterProducers(
				new DefaultKafkaProducerFactory<>(producer, new ByteArraySerializer(), new ByteArraySerializer()));
	}

	/**
	 * The dead letters' producer, closed with the application; not a
	 * {@code ProducerFactory} bean, which would replace the one Spring Boot configures.
	 */
	static final class DeadLetterProducers implements DisposableBean {

		private final DefaultKafkaProducerFactory<byte[], byte[]> factory;

		DeadLetterProducers(DefaultKafkaProducerFactory<byte[], byte[]> factory) {
			this.factory = factory;
		}

		@Override
		public void destroy() {
			this.factory.destroy();
		}

	}

	/**
	 * Keeps the retried writes of exactly-once's transaction race out of the log and
	 * counts them instead ({@link TransactionRaceLogFilter}); in place before the stream
	 * threads start.
	 */
	@Bean
	TransactionRaceLogFilter transactionRaceLogFilter(MeterRegistry meters) {
		TransactionRaceLogFilter filter = TransactionRaceLogFilter.install();
		FunctionCounter
			.builder("playback.aggregator.transaction.race.retries", filter, TransactionRaceLogFilter::retries)
			.description("Writes retried because the previous transaction's commit markers were not written yet "
					+ "(CONCURRENT_TRANSACTIONS, OUT_OF_ORDER_SEQUENCE_NUMBER); kept out of the log")
			.register(meters);
		return filter;
	}

	@Bean
	@ConditionalOnProperty(name = "playback.aggregator.create-topics", havingValue = "true", matchIfMissing = true)
	KafkaAdmin.NewTopics topics(AggregatorProperties properties) {
		return new KafkaAdmin.NewTopics(Stream
			.of(Topics.HEARTBEATS, Topics.SESSIONS, Topics.LATE_HEARTBEATS, Topics.AGGREGATOR_HEARTBEATS_DEAD_LETTER)
			.map(Topics::spec)
			.map((spec) -> spec.toNewTopic(properties.topicReplicas()))
			.toArray(NewTopic[]::new));
	}

}
