package dev.playback.schemas;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsTest {

	@Test
	void topicsCreatedWithThreeReplicasRefuseWritesHeldByOneBroker() {
		for (Topics.Spec spec : Topics.all()) {
			NewTopic replicated = spec.toNewTopic(3);
			assertThat(replicated.replicationFactor()).isEqualTo((short) 3);
			assertThat(replicated.configs()).as(spec.name())
				.containsEntry("min.insync.replicas", "2")
				.containsAllEntriesOf(spec.configs());
			// a single broker (local, tests) keeps the cluster's default of 1
			assertThat(spec.toNewTopic(1).configs()).as(spec.name())
				.doesNotContainKey("min.insync.replicas")
				.isEqualTo(spec.configs());
		}
	}

}
