package dev.playback.aggregator;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.common.utils.LogContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter against messages written the way Kafka's producer writes them: through a
 * {@link LogContext} with the producer's prefix, to the Sender's logger.
 */
class TransactionRaceLogFilterTest {

	private static final String RETRY = "Got error produce response with correlation id {} on topic-partition {}, "
			+ "retrying ({} attempts left). Error: {}";

	private final Logger sender = (Logger) LoggerFactory.getLogger(TransactionRaceLogFilter.SENDER);

	private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

	private final TransactionRaceLogFilter filter = TransactionRaceLogFilter.install();

	@BeforeEach
	void listen() {
		this.logged.start();
		this.sender.addAppender(this.logged);
	}

	@AfterEach
	void stopListening() {
		this.sender.detachAppender(this.logged);
	}

	@Test
	void theRaceOfATransactionalProducerIsCountedNotLogged() {
		long before = this.filter.retries();
		org.slf4j.Logger producer = transactional().logger(TransactionRaceLogFilter.SENDER);

		producer.warn(RETRY, 82, "playback.sessions.v1-1", 2147483646, "CONCURRENT_TRANSACTIONS");
		producer.warn(RETRY, 83, "session-aggregator-session-events-changelog-6", 2147483646,
				"OUT_OF_ORDER_SEQUENCE_NUMBER");
		producer.warn(RETRY, 84, "playback.sessions.v1-2", 2147483646,
				"CONCURRENT_TRANSACTIONS. Error Message: the coordinator is completing a transaction");

		assertThat(this.logged.list).isEmpty();
		assertThat(this.filter.retries()).isEqualTo(before + 3);
	}

	@Test
	void everyOtherWarningOfTheProducerStays() {
		long before = this.filter.retries();
		org.slf4j.Logger transactional = transactional().logger(TransactionRaceLogFilter.SENDER);
		org.slf4j.Logger plain = new LogContext("[Producer clientId=ingest-api-producer-1] ")
			.logger(TransactionRaceLogFilter.SENDER);

		transactional.warn(RETRY, 90, "playback.sessions.v1-1", 3, "NOT_ENOUGH_REPLICAS");
		transactional.warn(RETRY, 91, "playback.sessions.v1-1", 3,
				"REQUEST_TIMED_OUT. Error Message: CONCURRENT_TRANSACTIONS in the text");
		plain.warn(RETRY, 92, "playback.heartbeats.v1-0", 3, "CONCURRENT_TRANSACTIONS");
		transactional.warn("Received invalid metadata error in produce request on partition {}", "t-0");

		assertThat(this.logged.list).extracting(ILoggingEvent::getFormattedMessage)
			.hasSize(4)
			.anySatisfy((message) -> assertThat(message).endsWith("Error: NOT_ENOUGH_REPLICAS"))
			.anySatisfy((message) -> assertThat(message).contains("REQUEST_TIMED_OUT"))
			.anySatisfy((message) -> assertThat(message).startsWith("[Producer clientId=ingest-api-producer-1]"));
		assertThat(this.filter.retries()).isEqualTo(before);
	}

	@Test
	void installingTwiceKeepsOneFilter() {
		assertThat(TransactionRaceLogFilter.install()).isSameAs(this.filter);
		assertThat(this.sender.getLoggerContext().getTurboFilterList())
			.filteredOn(TransactionRaceLogFilter.class::isInstance)
			.hasSize(1);
	}

	private static LogContext transactional() {
		return new LogContext("[Producer clientId=session-aggregator-1-StreamThread-1-producer, "
				+ "transactionalId=session-aggregator-1-1] ");
	}

}
