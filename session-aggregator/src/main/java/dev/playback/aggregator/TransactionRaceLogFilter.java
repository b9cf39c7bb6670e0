package dev.playback.aggregator;

import java.util.concurrent.atomic.LongAdder;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Keeps one benign, retried race of exactly-once processing out of the log, and counts it
 * instead.
 * <p>
 * With Kafka 4's transaction protocol (KIP-890, transaction version 2) a producer adds a
 * partition to its transaction by writing to it; the coordinator writes the previous
 * transaction's commit markers after {@code commitTransaction()} has returned. A stream
 * thread commits every second and writes its next records at once, so when the broker is
 * busy (the local stack's demo sends two hours of viewing in the first seconds, on two
 * cores shared with the broker) a write reaches a partition whose markers are not written
 * yet: the broker answers {@code CONCURRENT_TRANSACTIONS}, and a batch already in flight
 * behind it {@code OUT_OF_ORDER_SEQUENCE_NUMBER}. The producer retries both, in order,
 * within the same transaction; nothing is lost, duplicated or fenced (a producer that is
 * fenced, or a retry that gives up, fails the transaction and is logged by Kafka Streams
 * as an error). The older protocol met the same race on {@code AddPartitionsToTxn} and
 * retried it without a word; the new one logs a WARN line per partition, hundreds at
 * start-up. Only those two answers to a transactional producer's produce request are kept
 * out; every other warning of the producer stays. {@code
 * playback.aggregator.transaction.race.retries} counts them.
 */
public final class TransactionRaceLogFilter extends TurboFilter {

	static final String SENDER = "org.apache.kafka.clients.producer.internals.Sender";

	private final LongAdder retries = new LongAdder();

	/**
	 * The filter of this JVM's logging, added if it is not there yet (the local stack
	 * runs the four services in one JVM, and a test may start the aggregator again).
	 * @return the installed filter, or a detached one when logging is not Logback
	 */
	public static TransactionRaceLogFilter install() {
		if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
			return new TransactionRaceLogFilter();
		}
		synchronized (context) {
			for (TurboFilter filter : context.getTurboFilterList()) {
				if (filter instanceof TransactionRaceLogFilter installed) {
					return installed;
				}
			}
			TransactionRaceLogFilter filter = new TransactionRaceLogFilter();
			filter.setName("transaction-race");
			filter.setContext(context);
			filter.start();
			context.addTurboFilter(filter);
			return filter;
		}
	}

	/** Produce requests retried after the race since this JVM started. */
	public long retries() {
		return this.retries.sum();
	}

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
			Throwable throwable) {
		if (level != Level.WARN || format == null || !SENDER.equals(logger.getName()) || !isRace(format)) {
			return FilterReply.NEUTRAL;
		}
		this.retries.increment();
		return FilterReply.DENY;
	}

	/**
	 * Whether a message is the race's: Kafka's client formats its messages itself, so the
	 * filter sees "[Producer clientId=..., transactionalId=...] Got error produce
	 * response with correlation id 82 on topic-partition t-0, retrying (2147483646
	 * attempts left). Error: CONCURRENT_TRANSACTIONS", possibly followed by ". Error
	 * Message: ...".
	 */
	static boolean isRace(String message) {
		if (!message.contains("transactionalId=") || !message.contains("] Got error produce response")) {
			return false;
		}
		int error = message.indexOf("). Error: ");
		if (error < 0) {
			return false;
		}
		String name = message.substring(error + "). Error: ".length());
		int end = name.indexOf('.');
		name = (end >= 0) ? name.substring(0, end) : name;
		return name.equals("CONCURRENT_TRANSACTIONS") || name.equals("OUT_OF_ORDER_SEQUENCE_NUMBER");
	}

}
