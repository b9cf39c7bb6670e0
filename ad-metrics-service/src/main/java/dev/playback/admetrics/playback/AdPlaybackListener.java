package dev.playback.admetrics.playback;

import dev.playback.schemas.Topics;
import dev.playback.schemas.ViewingSession;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Applies every session revision from the sessions topic to the ad playback facts. */
@Component
class AdPlaybackListener {

	private final AdPlaybackStore store;

	AdPlaybackListener(AdPlaybackStore store) {
		this.store = store;
	}

	@KafkaListener(id = "admetrics-sessions", topics = Topics.SESSIONS, groupId = "ad-metrics-service",
			containerFactory = "sessionListenerFactory")
	void onSession(ViewingSession session) {
		this.store.apply(session);
	}

}
