package dev.playback.sessions.consumer;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.playback.schemas.ViewingSession;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SessionBatchesTest {

	private final List<List<String>> calls = new ArrayList<>();

	@Test
	void aCleanBatchIsAppliedInOneCall() {
		SessionBatches.apply(records(valid("a"), valid("b"), valid("c")), recording(null));
		assertThat(this.calls).containsExactly(List.of("a", "b", "c"));
	}

	@Test
	void theRecordsBeforeABrokenOneAreAppliedAndTheBrokenOneIsReportedByIndex() {
		ViewingSession broken = ViewingSession.newBuilder(Sessions.valid("b")).setRevision(0).build();
		assertThatExceptionOfType(BatchListenerFailedException.class)
			.isThrownBy(() -> SessionBatches.apply(records(valid("a"), broken, valid("c")), recording(null)))
			.satisfies((failure) -> {
				assertThat(failure.getIndex()).isEqualTo(1);
				assertThat(failure.getCause()).isInstanceOf(InvalidSessionException.class)
					.hasMessageContaining("revision");
			});
		assertThat(this.calls).as("c waits for the redelivery").containsExactly(List.of("a"));
	}

	@Test
	void anUndecodableRecordIsReportedWithItsDeserializationException() {
		ConsumerRecord<String, ViewingSession> undecodable = new ConsumerRecord<>("t", 0, 1, "x", null);
		RecordHeaders headers = (RecordHeaders) undecodable.headers();
		SerializationUtils.deserializationException(headers, "not avro".getBytes(),
				new DeserializationException("not avro", "not avro".getBytes(), false, new IllegalStateException()),
				false);
		List<ConsumerRecord<String, ViewingSession>> batch = new ArrayList<>(records(valid("a")));
		batch.add(undecodable);
		assertThatExceptionOfType(BatchListenerFailedException.class)
			.isThrownBy(() -> SessionBatches.apply(batch, recording(null)))
			.satisfies((failure) -> {
				assertThat(failure.getIndex()).isEqualTo(1);
				assertThat(failure.getCause()).isInstanceOf(DeserializationException.class);
			});
		assertThat(this.calls).containsExactly(List.of("a"));
	}

	@Test
	void aDatabaseOutageRetriesTheWholeRunFromItsFirstRecord() {
		RuntimeException down = new CannotGetJdbcConnectionException("down", new SQLException("refused"));
		assertThatExceptionOfType(BatchListenerFailedException.class)
			.isThrownBy(() -> SessionBatches.apply(records(valid("a"), valid("b")), recording(down)))
			.satisfies((failure) -> assertThat(failure.getIndex()).isZero());
		assertThat(this.calls).as("no record-by-record attempts while the database is away")
			.containsExactly(List.of("a", "b"));
	}

	@Test
	void aRecordTheDatabaseRefusesIsFoundOneByOneSoNoGoodRecordIsBlamed() {
		Consumer<List<ViewingSession>> applier = (sessions) -> {
			this.calls.add(sessions.stream().map(ViewingSession::getSessionId).toList());
			if (sessions.stream().anyMatch((session) -> session.getSessionId().equals("c"))) {
				throw new DataIntegrityViolationException("refused");
			}
		};
		assertThatExceptionOfType(BatchListenerFailedException.class)
			.isThrownBy(() -> SessionBatches.apply(records(valid("a"), valid("b"), valid("c"), valid("d")), applier))
			.satisfies((failure) -> assertThat(failure.getIndex()).isEqualTo(2));
		assertThat(this.calls).containsExactly(List.of("a", "b", "c", "d"), List.of("a"), List.of("b"), List.of("c"));
	}

	private Consumer<List<ViewingSession>> recording(RuntimeException failure) {
		return (sessions) -> {
			this.calls.add(sessions.stream().map(ViewingSession::getSessionId).toList());
			if (failure != null) {
				throw failure;
			}
		};
	}

	private static ViewingSession valid(String id) {
		return Sessions.valid(id);
	}

	private static List<ConsumerRecord<String, ViewingSession>> records(ViewingSession... sessions) {
		List<ConsumerRecord<String, ViewingSession>> records = new ArrayList<>();
		for (ViewingSession session : sessions) {
			records.add(new ConsumerRecord<>("t", 0, records.size(), session.getSessionId(), session));
		}
		return records;
	}

}
