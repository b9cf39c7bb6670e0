package dev.playback.sessions.consumer;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
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
	void aConnectionResetMidTransactionIsRetriedThoughItsRollbackFailedToo() {
		// found by ConsumerFaultsIT: the statement fails on the reset connection, then
		// the rollback on the same connection, and Spring throws the rollback's failure
		TransactionSystemException rollbackFailed = new TransactionSystemException("Could not roll back",
				new SQLException("Connection is closed", "08003"));
		rollbackFailed.initApplicationException(new DataAccessResourceFailureException("I/O error"));
		Exception reset = new BatchListenerFailedException("Could not apply the batch", rollbackFailed, 0);
		assertThat(SessionListenerFactory.isTransient(reset)).isTrue();

		TransactionSystemException rollbackOfABrokenRuleFailed = new TransactionSystemException("Could not roll back",
				new IllegalStateException("not a connection problem"));
		rollbackOfABrokenRuleFailed.initApplicationException(new DataIntegrityViolationException("value too long"));
		assertThat(SessionListenerFactory.isTransient(rollbackOfABrokenRuleFailed)).isFalse();
	}

	@Test
	void anySqlConnectionExceptionIsTransient() {
		assertThat(SessionListenerFactory.isTransient(new SQLException("I/O error", "08006"))).isTrue();
		assertThat(SessionListenerFactory.isTransient(new SQLException("check violation", "23514"))).isFalse();
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
