package dev.playback.sessions.consumer;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Map;

import dev.playback.schemas.AvroSerdes;
import dev.playback.schemas.PatientDeserializer;
import dev.playback.schemas.Topics;
import dev.playback.schemas.ViewingSession;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * The listener container for the sessions topic, shared by the report services.
 * <ul>
 * <li>values are read as {@link ViewingSession} through the registry, and only from
 * committed transactions (the aggregator writes with exactly-once);</li>
 * <li>listeners get each poll as one batch (up to {@value #MAX_BATCH} records) and apply
 * it through {@link SessionBatches}, so a batch costs one database transaction;</li>
 * <li>when the database is away the record is retried with back-off for as long as it
 * takes, so no record is skipped;</li>
 * <li>a record that can never be applied (not Avro, unknown schema id, breaks a rule of
 * {@link SessionChecks}) goes to the service's dead-letter topic with the reason in the
 * {@code kafka_dlt-*} headers, and the partition moves on.</li>
 * </ul>
 */
public final class SessionListenerFactory {

	/** Records per poll, and so at most per transaction. */
	public static final int MAX_BATCH = 4_000;

	/**
	 * Consumer threads per instance unless {@code spring.kafka.listener.concurrency} says
	 * otherwise: while one waits for its transaction, the other decodes its batch.
	 */
	public static final int DEFAULT_THREADS = 2;

	private SessionListenerFactory() {
	}

	public static ConcurrentKafkaListenerContainerFactory<String, ViewingSession> create(KafkaProperties kafka,
			String registryApiUrl, String deadLetterTopic, MeterRegistry meters) {
		Map<String, Object> consumer = kafka.buildConsumerProperties();
		consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		consumer.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_BATCH);
		// the factory configures the deserializers with these settings
		consumer.putAll(AvroSerdes.deserializerConfig(registryApiUrl));
		// a session whose schema id is new to this instance waits for the registry rather
		// than going to the dead-letter topic while the registry is away
		var consumerFactory = new DefaultKafkaConsumerFactory<>(consumer, new StringDeserializer(),
				new ErrorHandlingDeserializer<>(
						new PatientDeserializer<>(new AvroKafkaDeserializer<ViewingSession>())));
		// kafka_consumer_* metrics, records-lag-max among them
		consumerFactory.addListener(new MicrometerConsumerListener<>(meters));

		ConcurrentKafkaListenerContainerFactory<String, ViewingSession> factory = new ConcurrentKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(consumerFactory);
		factory.setBatchListener(true);
		Integer threads = kafka.getListener().getConcurrency();
		factory.setConcurrency((threads != null) ? threads : DEFAULT_THREADS);
		factory.setCommonErrorHandler(errorHandler(kafka, registryApiUrl, deadLetterTopic, meters));
		return factory;
	}

	/**
	 * The topics a report service reads and writes, for the local stack (Strimzi owns
	 * topics in production).
	 */
	public static KafkaAdmin.NewTopics topics(String deadLetterTopic, int replicas) {
		return new KafkaAdmin.NewTopics(Topics.spec(Topics.SESSIONS).toNewTopic(replicas),
				Topics.spec(deadLetterTopic).toNewTopic(replicas));
	}

	static DefaultErrorHandler errorHandler(KafkaProperties kafka, String registryApiUrl, String deadLetterTopic,
			MeterRegistry meters) {
		Map<String, Object> producer = kafka.buildProducerProperties();
		producer.putAll(AvroSerdes.serializerConfig(registryApiUrl));
		var values = new DelegatingByTypeSerializer(Map.of(byte[].class, new ByteArraySerializer(),
				ViewingSession.class, new AvroKafkaSerializer<ViewingSession>()));
		var producerFactory = new DefaultKafkaProducerFactory<String, Object>(producer, new StringSerializer(), values);
		KafkaTemplate<String, Object> template = new KafkaTemplate<>(producerFactory);
		var recoverer = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(deadLetterTopic, -1));
		Counter deadLettered = Counter.builder("sessions.deadlettered")
			.description("Session records sent to this service's dead-letter topic (unreadable, or against the "
					+ "contract's rules), with the reason in their headers")
			.register(meters);
		DefaultErrorHandler handler = new DefaultErrorHandler((record, failure) -> {
			recoverer.accept(record, failure);
			deadLettered.increment();
		}, new FixedBackOff(200, 2));
		handler.setBackOffFunction(SessionListenerFactory::backOff);
		handler.addNotRetryableExceptions(InvalidSessionException.class);
		return handler;
	}

	/** Transient failures (the database is down) are retried until they pass. */
	static BackOff backOff(ConsumerRecord<?, ?> record, Exception failure) {
		if (isTransient(failure)) {
			ExponentialBackOff backOff = new ExponentialBackOff(100, 2.0);
			backOff.setMaxInterval(5_000);
			return backOff;
		}
		return new FixedBackOff(200, 2);
	}

	/**
	 * Whether the failure will pass by itself: the database (or the way to it) is away.
	 * That includes a transaction that could not even begin for want of a connection, any
	 * SQL connection exception (SQLSTATE class 08), and a transaction whose rollback
	 * failed after a transient failure (a connection reset mid-transaction fails the
	 * statement, then the rollback on the same dead connection: Spring reports the
	 * rollback's failure and keeps the statement's as the application exception).
	 */
	static boolean isTransient(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof TransientDataAccessException || cause instanceof RecoverableDataAccessException
					|| cause instanceof DataAccessResourceFailureException
					|| cause instanceof CannotCreateTransactionException || cause instanceof SQLTransientException
					|| cause instanceof SQLRecoverableException || isConnectionException(cause)) {
				return true;
			}
			if (cause instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
					&& isTransient(rollback.getApplicationException())) {
				return true;
			}
		}
		return false;
	}

	private static boolean isConnectionException(Throwable failure) {
		return failure instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08");
	}

}
