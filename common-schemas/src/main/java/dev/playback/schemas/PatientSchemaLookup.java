package dev.playback.schemas;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.microsoft.kiota.ApiException;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A registry lookup that waits out a registry that is down or hangs, and never holds its
 * caller silently: the registry client has no timeout of its own (a registry that accepts
 * connections and answers nothing holds a lookup for ever), so each attempt runs on a
 * thread of its own and is given up after {@code attemptTimeout}; a failed or timed-out
 * attempt is logged (WARN, with the content id and the reason) and tried again after a
 * back-off doubling up to {@code maxBackoff}, until the registry answers.
 * <p>
 * The registry's answer that it has no such schema (a 4xx) is an answer: {@code null},
 * and the record is the registry deserializer's to report (dead letter). Only a registry
 * that cannot answer is waited for: a valid record is never dead-lettered because the
 * registry was slow or away. The waiting caller (the aggregator's stream thread) stops
 * waiting when it is interrupted.
 */
final class PatientSchemaLookup implements HeartbeatDeserializer.SchemaLookup {

	private static final Logger logger = LoggerFactory.getLogger(PatientSchemaLookup.class);

	private final HeartbeatDeserializer.SchemaLookup registry;

	private final long attemptTimeoutNanos;

	private final long maxBackoffMillis;

	private final ExecutorService attempts = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "registry-schema-lookup");
		thread.setDaemon(true);
		return thread;
	});

	PatientSchemaLookup(HeartbeatDeserializer.SchemaLookup registry, Duration attemptTimeout, Duration maxBackoff) {
		this.registry = registry;
		this.attemptTimeoutNanos = attemptTimeout.toNanos();
		this.maxBackoffMillis = maxBackoff.toMillis();
	}

	@Override
	public Schema schema(long contentId) {
		long started = System.nanoTime();
		long backoff = Math.min(100, this.maxBackoffMillis);
		for (int attempt = 1;; attempt++) {
			Future<Schema> answer = this.attempts.submit(() -> this.registry.schema(contentId));
			String failure;
			try {
				Schema schema = answer.get(this.attemptTimeoutNanos, TimeUnit.NANOSECONDS);
				if (attempt > 1) {
					logger.info("The schema registry answered the lookup of content id {} after {} attempts in {} ms",
							contentId, attempt, (System.nanoTime() - started) / 1_000_000);
				}
				return schema;
			}
			catch (TimeoutException ex) {
				answer.cancel(true);
				failure = "no answer within " + this.attemptTimeoutNanos / 1_000_000 + " ms";
			}
			catch (ExecutionException ex) {
				if (isRegistryAnswer(ex.getCause())) {
					return null;
				}
				failure = String.valueOf(ex.getCause());
			}
			catch (InterruptedException ex) {
				answer.cancel(true);
				throw interrupted(contentId, ex);
			}
			logger.warn(
					"The schema registry cannot be asked for the schema of content id {} (attempt {}, {} ms so far): {}."
							+ " The record waits for it, nothing is skipped; next attempt in {} ms",
					contentId, attempt, (System.nanoTime() - started) / 1_000_000, failure, backoff);
			try {
				Thread.sleep(backoff);
			}
			catch (InterruptedException ex) {
				throw interrupted(contentId, ex);
			}
			backoff = Math.min(backoff * 2, this.maxBackoffMillis);
		}
	}

	/** The caller was interrupted: its interrupt kept, the wait ended with a failure. */
	private static SerializationException interrupted(long contentId, InterruptedException ex) {
		Thread.currentThread().interrupt();
		return new SerializationException(
				"Interrupted waiting for the schema registry's schema of content id " + contentId, ex);
	}

	/**
	 * Whether a failure is the registry's own answer about the schema (4xx: it has no
	 * such content), rather than a registry that could not answer (refused, reset, 5xx).
	 */
	static boolean isRegistryAnswer(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ApiException api) {
				int status = api.getResponseStatusCode();
				return status >= 400 && status < 500;
			}
		}
		return false;
	}

}
