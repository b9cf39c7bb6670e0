package dev.playback.sessions.consumer;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.util.backoff.BackOffExecution;

import static org.assertj.core.api.Assertions.assertThat;

class SessionListenerFactoryTest {

	@Test
	void anUnreachableDatabaseIsRetriedWithoutEnd() {
		Exception down = new ListenerExecutionFailedException("listener failed",
				new CannotGetJdbcConnectionException("no connection", new SQLException("refused")));
		assertThat(SessionListenerFactory.isTransient(down)).isTrue();
		BackOffExecution execution = SessionListenerFactory.backOff(null, down).start();
		long last = 0;
		for (int attempt = 0; attempt < 1_000; attempt++) {
			last = execution.nextBackOff();
			assertThat(last).isNotEqualTo(BackOffExecution.STOP);
		}
		assertThat(last).as("waits grow to a ceiling").isEqualTo(5_000);
	}

	@Test
	void aTransactionThatCannotBeginForWantOfAConnectionIsRetriedToo() {
		// what @Transactional throws when the pool cannot reach the database (found by
		// ConsumerFaultsIT)
		Exception noTransaction = new BatchListenerFailedException("Could not apply the batch",
				new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
						new SQLTransientConnectionException("Connection is not available, request timed out")),
				0);
		assertThat(SessionListenerFactory.isTransient(noTransaction)).isTrue();
		assertThat(SessionListenerFactory.backOff(null, noTransaction).start().nextBackOff())
			.isNotEqualTo(BackOffExecution.STOP);
	}

	@Test
	void aRecordThatBreaksARuleGoesToTheDeadLetterTopicAfterTwoRetries() {
		Exception broken = new ListenerExecutionFailedException("listener failed",
				new DataIntegrityViolationException("value too long"));
		assertThat(SessionListenerFactory.isTransient(broken)).isFalse();
		BackOffExecution execution = SessionListenerFactory.backOff(null, broken).start();
		assertThat(execution.nextBackOff()).isEqualTo(200);
		assertThat(execution.nextBackOff()).isEqualTo(200);
		assertThat(execution.nextBackOff()).isEqualTo(BackOffExecution.STOP);
	}

}
