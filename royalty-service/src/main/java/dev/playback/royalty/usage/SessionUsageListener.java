package dev.playback.royalty.usage;

import java.util.List;

import dev.playback.schemas.Topics;
import dev.playback.schemas.ViewingSession;
import dev.playback.sessions.consumer.AppliedSessions;
import dev.playback.sessions.consumer.SessionBatches;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Applies every session revision from the sessions topic to the usage facts, a poll at a
 * time.
 */
@Component
class SessionUsageListener {

	private final SessionUsageStore store;

	private final AppliedSessions applied;

	SessionUsageListener(SessionUsageStore store, AppliedSessions applied) {
		this.store = store;
		this.applied = applied;
	}

	@KafkaListener(id = "royalty-sessions", idIsGroup = false, topics = Topics.SESSIONS,
			containerFactory = "sessionListenerFactory")
	void onSessions(List<ConsumerRecord<String, ViewingSession>> records) {
		SessionBatches.apply(records, this.store::apply);
		this.applied.record(records);
	}

}
