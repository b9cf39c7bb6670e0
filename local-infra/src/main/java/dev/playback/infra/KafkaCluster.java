package dev.playback.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * A Kafka cluster as production runs it (deploy/kafka): one KRaft controller and
 * {@code n} brokers, each its own JVM, with replication factor 3 and
 * {@code min.insync.replicas} 2 for every topic, internal ones included. Brokers are
 * numbered from 1; each can be killed (SIGKILL) or stopped and started again on its data,
 * so tests can take leaders away under load.
 */
public final class KafkaCluster implements AutoCloseable {

	/** The replication the cluster gives every topic (deploy/kafka's). */
	public static final int REPLICATION_FACTOR = 3;

	public static final int MIN_IN_SYNC_REPLICAS = 2;

	private final KafkaBroker controller;

	private final List<KafkaBroker> brokers;

	private KafkaCluster(KafkaBroker controller, List<KafkaBroker> brokers) {
		this.controller = controller;
		this.brokers = brokers;
	}

	/**
	 * Formats a controller and {@code brokers} brokers (at least 3) under {@code dir} on
	 * free ports and starts them.
	 */
	public static KafkaCluster start(Path dir, int brokers) {
		if (brokers < REPLICATION_FACTOR) {
			throw new IllegalArgumentException("A cluster needs at least " + REPLICATION_FACTOR + " brokers");
		}
		int[] ports = FreePorts.next(brokers + 1);
		String clusterId = KafkaBroker.uuidBase64();
		String voters = "controller.quorum.voters=0@127.0.0.1:" + ports[0];
		KafkaBroker controller = KafkaBroker.node("Kafka controller", dir.resolve("controller"), ports[0],
				KafkaBroker.lines("process.roles=controller", "node.id=0", voters,
						"listeners=CONTROLLER://127.0.0.1:" + ports[0], "controller.listener.names=CONTROLLER",
						"listener.security.protocol.map=CONTROLLER:PLAINTEXT",
						"log.dirs=" + dir.resolve("controller").resolve("data"),
						// the controller writes its own value as the cluster-wide default
						// (eligible leader replicas, KIP-966), which overrides the
						// brokers'
						"min.insync.replicas=" + MIN_IN_SYNC_REPLICAS),
				clusterId);
		List<KafkaBroker> nodes = new ArrayList<>();
		for (int id = 1; id <= brokers; id++) {
			Path brokerDir = dir.resolve("broker-" + id);
			String listener = "127.0.0.1:" + ports[id];
			List<String> settings = new ArrayList<>(
					List.of("process.roles=broker", "node.id=" + id, voters, "listeners=PLAINTEXT://" + listener));
			settings.addAll(KafkaBroker.brokerSettings(listener, null, brokerDir.resolve("data"), REPLICATION_FACTOR,
					MIN_IN_SYNC_REPLICAS));
			nodes.add(KafkaBroker.node("Kafka broker " + id, brokerDir, ports[id],
					KafkaBroker.lines(settings.toArray(String[]::new)), clusterId));
		}
		KafkaCluster cluster = new KafkaCluster(controller, nodes);
		try {
			controller.start();
			CompletableFuture
				.allOf(nodes.stream()
					.map((broker) -> CompletableFuture.runAsync(broker::start))
					.toArray(CompletableFuture[]::new))
				.join();
			cluster.awaitBrokersRegistered(brokers, Duration.ofSeconds(60));
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
		return cluster;
	}

	/** Every broker's address, as clients take them. */
	public String bootstrapServers() {
		return this.brokers.stream().map(KafkaBroker::bootstrapServers).collect(Collectors.joining(","));
	}

	public int size() {
		return this.brokers.size();
	}

	/** Broker {@code id}, from 1. */
	public KafkaBroker broker(int id) {
		return this.brokers.get(id - 1);
	}

	/** The ids of the brokers that lead the topic's partitions, by partition. */
	public Map<Integer, Integer> leaders(String topic) {
		try (Admin admin = admin()) {
			TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
			return description.partitions()
				.stream()
				.filter((partition) -> partition.leader() != null)
				.collect(Collectors.toMap(TopicPartitionInfo::partition, (partition) -> partition.leader().id()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not describe " + topic, ex.getCause());
		}
	}

	/**
	 * Waits until every partition of the topics has all its replicas in sync again (after
	 * a broker came back).
	 */
	public void awaitFullyReplicated(Collection<String> topics, Duration timeout) {
		await(topics + " fully replicated", timeout,
				(admin) -> admin.describeTopics(topics)
					.allTopicNames()
					.get()
					.values()
					.stream()
					.flatMap((description) -> description.partitions().stream())
					.allMatch((partition) -> partition.isr().size() == partition.replicas().size()));
	}

	private void awaitBrokersRegistered(int count, Duration timeout) {
		await(count + " brokers registered with the controller", timeout,
				(admin) -> admin.describeCluster().nodes().get().size() >= count);
	}

	/** A question to the cluster; a failed answer counts as no. */
	private interface Check {

		boolean holds(Admin admin) throws InterruptedException, ExecutionException;

	}

	private void await(String what, Duration timeout, Check check) {
		long deadline = System.nanoTime() + timeout.toNanos();
		try (Admin admin = admin()) {
			while (true) {
				boolean holds;
				try {
					holds = check.holds(admin);
				}
				catch (ExecutionException ex) {
					// not answering yet
					holds = false;
				}
				if (holds) {
					return;
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Not " + what + " within " + timeout);
				}
				ChildProcess.sleep(Duration.ofMillis(200));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
				5_000));
	}

	@Override
	public void close() {
		CompletableFuture
			.allOf(this.brokers.stream()
				.map((broker) -> CompletableFuture.runAsync(broker::stop))
				.toArray(CompletableFuture[]::new))
			.join();
		this.controller.stop();
	}

}
