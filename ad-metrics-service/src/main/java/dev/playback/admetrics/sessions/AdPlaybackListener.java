package dev.playback.admetrics.sessions;

import java.util.List;

import dev.playback.schemas.Topics;
import dev.playback.schemas.ViewingSession;
import dev.playback.sessions.consumer.AppliedSessionMetrics;
import dev.playback.sessions.consumer.SessionBatches;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Applies every session revision from the sessions topic to the ad playback facts, a poll
 * at a time.
 */
@Component
class AdPlaybackListener {

	private final AdPlaybackStore store;

	private final AppliedSessionMetrics applied;

	AdPlaybackListener(AdPlaybackStore store, AppliedSessionMetrics applied) {
		this.store = store;
		this.applied = applied;
	}

	@KafkaListener(id = "admetrics-sessions", idIsGroup = false, topics = Topics.SESSIONS,
			containerFactory = "sessionListenerFactory")
	void onSessions(List<ConsumerRecord<String, ViewingSession>> records) {
		SessionBatches.apply(records, this.store::apply);
		this.applied.record(records);
	}

}
