package dev.playback.infra;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Waiting for a consumer group, for tests and benchmarks. */
public final class ConsumerGroups {

	private ConsumerGroups() {
	}

	/**
	 * Waits until the group has committed every record of the topic written so far.
	 * @throws IllegalStateException when it has not within the timeout
	 */
	public static void awaitCaughtUp(String bootstrapServers, String group, String topic, Duration timeout)
			throws InterruptedException {
		awaitCaughtUp(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), group, topic, false,
				timeout);
	}

	/**
	 * Waits until the group has committed every record of the topic written so far, its
	 * admin client made with {@code adminSettings} (a secured broker's sign-in among
	 * them). A topic written in transactions ({@code transactional}) ends each partition
	 * with a commit marker that a read-committed consumer's committed offset may stay
	 * just before (it passes the marker on its next fetch): there, one offset short of
	 * the end is caught up, and every partition with records has at least two offsets (a
	 * record and its marker).
	 * @throws IllegalStateException when it has not within the timeout
	 */
	public static void awaitCaughtUp(Map<String, Object> adminSettings, String group, String topic,
			boolean transactional, Duration timeout) throws InterruptedException {
		try (Admin admin = Admin.create(adminSettings)) {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (!caughtUp(admin, group, topic, transactional ? 1 : 0)) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(group + " has not read all of " + topic + " within " + timeout);
				}
				Thread.sleep(200);
			}
		}
	}

	private static boolean caughtUp(Admin admin, String group, String topic, int markers) throws InterruptedException {
		try {
			Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
				.partitionsToOffsetAndMetadata()
				.get();
			Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
			admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get()
				.get(topic)
				.partitions()
				.forEach((partition) -> latest.put(new TopicPartition(topic, partition.partition()),
						OffsetSpec.latest()));
			return admin.listOffsets(latest).all().get().entrySet().stream().allMatch((end) -> {
				OffsetAndMetadata done = committed.get(end.getKey());
				return end.getValue().offset() == 0
						|| (done != null && done.offset() >= end.getValue().offset() - markers);
			});
		}
		catch (ExecutionException ex) {
			return false;
		}
	}

}
