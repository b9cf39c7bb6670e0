package dev.playback.sessions.consumer;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

import dev.playback.schemas.ViewingSession;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Applies a polled batch of session records in as few transactions as it can, without
 * ever letting one bad record cost a good one.
 * <ul>
 * <li>the valid records before the first bad one are applied together (one call of the
 * applier, which is one transaction), then the bad record is reported to the error
 * handler by its index: the records before it are committed, it goes to the dead-letter
 * topic, and the rest of the batch is delivered again;</li>
 * <li>when applying fails for a reason that will pass (the database is away), the whole
 * run is retried from its first record, with back-off, for as long as it takes;</li>
 * <li>when it fails for any other reason, the run is applied again one record at a time
 * so that only the record that cannot be applied is dead-lettered.</li>
 * </ul>
 */
public final class SessionBatches {

	private static final LogAccessor logger = new LogAccessor(SessionBatches.class);

	private SessionBatches() {
	}

	/**
	 * @param applier applies sessions in one transaction, all or none
	 */
	public static void apply(List<ConsumerRecord<String, ViewingSession>> records,
			Consumer<List<ViewingSession>> applier) {
		List<ViewingSession> run = new ArrayList<>(records.size());
		for (int index = 0; index < records.size(); index++) {
			ConsumerRecord<String, ViewingSession> record = records.get(index);
			RuntimeException problem = problem(record);
			if (problem != null) {
				applyRun(run, index - run.size(), applier);
				throw new BatchListenerFailedException(problem.getMessage(), problem, index);
			}
			run.add(record.value());
		}
		applyRun(run, records.size() - run.size(), applier);
	}

	/**
	 * The newest revision of each session in a batch, by session id: applying it alone
	 * gives what applying all of them in order gives.
	 */
	public static SortedMap<String, ViewingSession> newestPerSession(List<ViewingSession> batch) {
		SortedMap<String, ViewingSession> newest = new TreeMap<>();
		for (ViewingSession session : batch) {
			newest.merge(session.getSessionId(), session,
					(kept, next) -> (next.getRevision() > kept.getRevision()) ? next : kept);
		}
		return newest;
	}

	private static void applyRun(List<ViewingSession> run, int firstIndex, Consumer<List<ViewingSession>> applier) {
		if (run.isEmpty()) {
			return;
		}
		try {
			applier.accept(run);
		}
		catch (RuntimeException failure) {
			if (run.size() == 1 || SessionListenerFactory.isTransient(failure)) {
				throw new BatchListenerFailedException("Could not apply the batch", failure, firstIndex);
			}
			for (int i = 0; i < run.size(); i++) {
				try {
					applier.accept(List.of(run.get(i)));
				}
				catch (RuntimeException single) {
					throw new BatchListenerFailedException("Could not apply the session", single, firstIndex + i);
				}
			}
		}
	}

	private static RuntimeException problem(ConsumerRecord<String, ViewingSession> record) {
		DeserializationException undecodable = SerializationUtils.getExceptionFromHeader(record,
				SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, logger);
		if (undecodable != null) {
			return undecodable;
		}
		if (record.value() == null) {
			return new InvalidSessionException("A session record needs a value (a tombstone is not a session)");
		}
		String broken = SessionChecks.problem(record.value());
		return (broken != null) ? new InvalidSessionException(broken) : null;
	}

}
