package dev.playback.schemas;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.microsoft.kiota.ApiExceptionBuilder;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PatientSchemaLookupTest {

	// generous: a busy CI machine must not time out an attempt that answers at once
	private static final Duration ATTEMPT = Duration.ofSeconds(1);

	private static final Duration BACKOFF = Duration.ofMillis(50);

	@Test
	void anAttemptTheRegistryDoesNotAnswerIsGivenUpAndTriedAgain() throws Exception {
		AtomicInteger attempts = new AtomicInteger();
		CountDownLatch firstInterrupted = new CountDownLatch(1);
		PatientSchemaLookup lookup = new PatientSchemaLookup((id) -> {
			if (attempts.incrementAndGet() == 1) {
				try {
					// a registry that took the request and answers nothing
					Thread.sleep(Long.MAX_VALUE);
				}
				catch (InterruptedException ex) {
					firstInterrupted.countDown();
				}
				throw new IllegalStateException("given up");
			}
			return Heartbeat.getClassSchema();
		}, ATTEMPT, BACKOFF);

		long started = System.nanoTime();
		assertThat(lookup.schema(42)).isEqualTo(Heartbeat.getClassSchema());
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(ATTEMPT)
			.isLessThan(Duration.ofSeconds(30));
		assertThat(attempts).hasValueGreaterThanOrEqualTo(2);
		assertThat(firstInterrupted.await(5, TimeUnit.SECONDS)).as("the hung attempt was cancelled").isTrue();
	}

	@Test
	void aRegistryThatCannotBeReachedOrFailsIsWaitedFor() {
		AtomicInteger attempts = new AtomicInteger();
		PatientSchemaLookup lookup = new PatientSchemaLookup((id) -> switch (attempts.incrementAndGet()) {
			case 1 -> throw new IllegalStateException(new ConnectException("Connection refused"));
			case 2 ->
				throw new ApiExceptionBuilder().withMessage("Service Unavailable").withResponseStatusCode(503).build();
			case 3 -> throw new ApiExceptionBuilder().withMessage("Internal Server Error")
				.withResponseStatusCode(500)
				.build();
			default -> Heartbeat.getClassSchema();
		}, ATTEMPT, BACKOFF);

		assertThat(lookup.schema(42)).isEqualTo(Heartbeat.getClassSchema());
		// each failure tried again (more attempts only if one timed out on a busy
		// machine)
		assertThat(attempts).hasValueGreaterThanOrEqualTo(4);
	}

	@Test
	void theRegistrySayingItHasNoSuchSchemaIsAnAnswer() {
		AtomicInteger attempts = new AtomicInteger();
		PatientSchemaLookup lookup = new PatientSchemaLookup((id) -> {
			attempts.incrementAndGet();
			// as the resolver's cache throws it: the registry's problem detail wrapped
			throw new RuntimeException(
					new ApiExceptionBuilder().withMessage("No content with id").withResponseStatusCode(404).build());
		}, ATTEMPT, BACKOFF);

		assertThat(lookup.schema(42)).isNull();
		assertThat(attempts).hasValue(1);
	}

	@Test
	void aWaitingCallerStopsWhenInterrupted() throws Exception {
		PatientSchemaLookup lookup = new PatientSchemaLookup((id) -> {
			throw new IllegalStateException(new ConnectException("Connection refused"));
		}, ATTEMPT, BACKOFF);
		AtomicReference<Throwable> outcome = new AtomicReference<>();
		Thread caller = new Thread(() -> {
			try {
				Schema schema = lookup.schema(42);
				outcome.set(new AssertionError("answered " + schema));
			}
			catch (RuntimeException ex) {
				outcome.set(ex);
			}
		});
		caller.start();
		Thread.sleep(1_500);
		assertThat(caller.isAlive()).as("still waiting for the registry").isTrue();

		caller.interrupt();
		caller.join(5_000);

		assertThat(caller.isAlive()).isFalse();
		assertThat(outcome.get()).isInstanceOf(SerializationException.class).hasMessageContaining("content id 42");
	}

}
