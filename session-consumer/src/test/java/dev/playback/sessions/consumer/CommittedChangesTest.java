package dev.playback.sessions.consumer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionSynchronizationUtils;

import static org.assertj.core.api.Assertions.assertThat;

class CommittedChangesTest {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final CommittedChanges played = new CommittedChanges(this.meters, "test.played.seconds", "played");

	@Test
	void additionsAndWithdrawalsAreTwoMonotonicCounters() {
		this.played.record(30);
		this.played.record(-12);
		this.played.record(0);
		assertThat(counted("added")).isEqualTo(30);
		assertThat(counted("withdrawn")).isEqualTo(12);
	}

	@Test
	void aChangeCountsOnlyWhenItsTransactionCommits() {
		TransactionSynchronizationManager.initSynchronization();
		try {
			this.played.record(40);
			assertThat(counted("added")).as("not before the commit").isZero();
			TransactionSynchronizationUtils.invokeAfterCompletion(
					TransactionSynchronizationManager.getSynchronizations(),
					TransactionSynchronization.STATUS_ROLLED_BACK);
		}
		finally {
			TransactionSynchronizationManager.clearSynchronization();
		}
		assertThat(counted("added")).as("rolled back: counted by the retry instead").isZero();

		TransactionSynchronizationManager.initSynchronization();
		try {
			this.played.record(40);
			TransactionSynchronizationUtils.invokeAfterCommit(TransactionSynchronizationManager.getSynchronizations());
		}
		finally {
			TransactionSynchronizationManager.clearSynchronization();
		}
		assertThat(counted("added")).isEqualTo(40);
	}

	private double counted(String change) {
		return this.meters.get("test.played.seconds").tag("change", change).counter().count();
	}

}
