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
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (!caughtUp(admin, group, topic)) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(group + " has not read all of " + topic + " within " + timeout);
				}
				Thread.sleep(200);
			}
		}
	}

	private static boolean caughtUp(Admin admin, String group, String topic) throws InterruptedException {
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
				return end.getValue().offset() == 0 || (done != null && done.offset() >= end.getValue().offset());
			});
		}
		catch (ExecutionException ex) {
			return false;
		}
	}

}
