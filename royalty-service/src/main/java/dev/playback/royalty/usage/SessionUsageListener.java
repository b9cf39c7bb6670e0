package dev.playback.royalty.usage;

import dev.playback.schemas.Topics;
import dev.playback.schemas.ViewingSession;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Applies every session revision from the sessions topic to the usage facts. */
@Component
class SessionUsageListener {

	private final SessionUsageStore store;

	SessionUsageListener(SessionUsageStore store) {
		this.store = store;
	}

	@KafkaListener(id = "royalty-sessions", topics = Topics.SESSIONS, groupId = "royalty-service",
			containerFactory = "sessionListenerFactory")
	void onSession(ViewingSession session) {
		this.store.apply(session);
	}

}
