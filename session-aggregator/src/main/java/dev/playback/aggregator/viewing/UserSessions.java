package dev.playback.aggregator.viewing;

import java.util.List;
import java.util.Objects;

import dev.playback.aggregator.session.SessionStoreReader;
import dev.playback.aggregator.session.SessionTopology;
import dev.playback.schemas.ViewingSession;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * Where a user's sessions are, and reading them when they are here. Heartbeats are keyed
 * by user, so the instance whose task owns the user's partition holds all of the user's
 * sessions; any other instance sends the reader there.
 */
@Component
class UserSessions {

	private static final StringSerializer KEYS = new StringSerializer();

	private final StreamsBuilderFactoryBean streams;

	private final HostInfo self;

	private final SessionStoreReader reader = new SessionStoreReader();

	UserSessions(StreamsBuilderFactoryBean streams,
			@Value("${spring.kafka.streams.properties.application.server}") String applicationServer) {
		this.streams = streams;
		this.self = HostInfo.buildFromEndpoint(applicationServer);
	}

	/** What can be done for a read of one user's sessions. */
	sealed interface Lookup {

		/** Read here; {@code stale} when from a standby copy that may lag. */
		record Here(List<ViewingSession> sessions, boolean stale) implements Lookup {
		}

		/** Another instance owns the user. */
		record There(HostInfo owner) implements Lookup {
		}

		/** Nobody can answer right now (starting, rebalancing, restoring). */
		record Unavailable(String reason) implements Lookup {
		}

	}

	Lookup find(String userId) {
		KafkaStreams kafkaStreams = this.streams.getKafkaStreams();
		if (kafkaStreams == null || !kafkaStreams.state().isRunningOrRebalancing()) {
			return new Lookup.Unavailable("the session store is not running yet");
		}
		KeyQueryMetadata owner = kafkaStreams.queryMetadataForKey(SessionTopology.PLAYBACKS_STORE, userId, KEYS);
		if (owner == null || Objects.equals(owner, KeyQueryMetadata.NOT_AVAILABLE)) {
			return new Lookup.Unavailable("the owner of this user is not known yet (rebalancing)");
		}
		if (this.self.equals(owner.activeHost())) {
			List<ViewingSession> active = read(kafkaStreams, userId, owner.partition(), false);
			if (active != null) {
				return new Lookup.Here(active, false);
			}
		}
		if (owner.standbyHosts().contains(this.self)) {
			List<ViewingSession> standby = read(kafkaStreams, userId, owner.partition(), true);
			if (standby != null) {
				return new Lookup.Here(standby, true);
			}
		}
		if (!this.self.equals(owner.activeHost())) {
			return new Lookup.There(owner.activeHost());
		}
		return new Lookup.Unavailable("this user's sessions are being restored");
	}

	private List<ViewingSession> read(KafkaStreams kafkaStreams, String userId, int partition, boolean stale) {
		try {
			ReadOnlyKeyValueStore<String, byte[]> playbacks = store(kafkaStreams, SessionTopology.PLAYBACKS_STORE,
					partition, stale);
			ReadOnlyKeyValueStore<String, byte[]> history = store(kafkaStreams, SessionTopology.HISTORY_STORE,
					partition, stale);
			return this.reader.sessionsOf(userId, playbacks, history);
		}
		catch (InvalidStateStoreException ex) {
			return null;
		}
	}

	private static ReadOnlyKeyValueStore<String, byte[]> store(KafkaStreams kafkaStreams, String name, int partition,
			boolean stale) {
		StoreQueryParameters<ReadOnlyKeyValueStore<String, byte[]>> parameters = StoreQueryParameters
			.fromNameAndType(name, QueryableStoreTypes.<String, byte[]>keyValueStore())
			.withPartition(partition);
		return kafkaStreams.store(stale ? parameters.enableStaleStores() : parameters);
	}

}
