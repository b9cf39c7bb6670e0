package dev.playback.schemas;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;

/**
 * Every Kafka topic of the suite, in one place. Names carry a version: a change that is
 * not backward compatible gets a new topic, never a new meaning for an old one.
 */
public final class Topics {

	/** Heartbeats accepted by ingest-api. Key: userId; value: {@link Heartbeat}. */
	public static final String HEARTBEATS = "playback.heartbeats.v1";

	/**
	 * Viewing sessions, full state per revision. Key: sessionId; value:
	 * {@link ViewingSession}. Compacted: the latest revision of each session is kept.
	 */
	public static final String SESSIONS = "playback.sessions.v1";

	/** Heartbeats that came too late to revise their session. Key: playbackId. */
	public static final String LATE_HEARTBEATS = "playback.heartbeats.late.v1";

	/**
	 * Heartbeat records session-aggregator could not take (not Avro, an unknown schema,
	 * or against the contract's rules), as they were, with the reason in headers.
	 */
	public static final String AGGREGATOR_HEARTBEATS_DEAD_LETTER = "aggregator.heartbeats.dlt.v1";

	/** Session records royalty-service could not apply, with the reason in headers. */
	public static final String ROYALTY_SESSIONS_DEAD_LETTER = "royalty.sessions.dlt.v1";

	/** Session records ad-metrics-service could not apply, with the reason in headers. */
	public static final String AD_METRICS_SESSIONS_DEAD_LETTER = "admetrics.sessions.dlt.v1";

	private Topics() {
	}

	/**
	 * How each topic is laid out locally; the Strimzi {@code KafkaTopic} resources in
	 * {@code deploy/} use the same names with production replication.
	 *
	 * @param name the topic name
	 * @param partitions the number of partitions
	 * @param compacted whether old values of a key are compacted away
	 * @param retention how long records are kept when not compacted
	 */
	public record Spec(String name, int partitions, boolean compacted, Duration retention) {

		/** Topic-level settings, as Kafka names them. */
		public Map<String, String> configs() {
			return Map.of("cleanup.policy", this.compacted ? "compact" : "delete", "retention.ms",
					String.valueOf(this.retention.toMillis()));
		}

		/**
		 * The topic as the admin client creates it, for the local stack and the tests.
		 * With 3 replicas or more it has {@code min.insync.replicas} 2, as deploy/kafka's
		 * topics do, whatever the cluster's default: a write is acknowledged once on two
		 * brokers, and refused rather than kept on one alone.
		 */
		public NewTopic toNewTopic(int replicas) {
			Map<String, String> configs = new HashMap<>(configs());
			if (replicas >= 3) {
				configs.put("min.insync.replicas", "2");
			}
			return new NewTopic(this.name, this.partitions, (short) replicas).configs(configs);
		}

	}

	public static Spec spec(String name) {
		return all().stream()
			.filter((spec) -> spec.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Unknown topic " + name));
	}

	public static List<Spec> all() {
		return List.of(new Spec(HEARTBEATS, 12, false, Duration.ofDays(7)),
				new Spec(SESSIONS, 12, true, Duration.ofDays(7)),
				new Spec(LATE_HEARTBEATS, 3, false, Duration.ofDays(30)),
				new Spec(AGGREGATOR_HEARTBEATS_DEAD_LETTER, 1, false, Duration.ofDays(30)),
				new Spec(ROYALTY_SESSIONS_DEAD_LETTER, 1, false, Duration.ofDays(30)),
				new Spec(AD_METRICS_SESSIONS_DEAD_LETTER, 1, false, Duration.ofDays(30)));
	}

}
