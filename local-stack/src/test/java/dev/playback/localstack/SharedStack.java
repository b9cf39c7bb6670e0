package dev.playback.localstack;

import dev.playback.infra.LocalInfrastructure;

/**
 * One local stack per test JVM, on the shared infrastructure; its services end with the
 * JVM (the infrastructure's servers are stopped by their own shutdown hook). A second
 * stack started after the first closed would wait for the aggregator's consumer group:
 * Kafka Streams does not leave the group on close (only static members can be removed),
 * so the new member's join waits out the old members' session timeout (45 s).
 */
final class SharedStack {

	private static LocalStack stack;

	private SharedStack() {
	}

	static synchronized LocalStack get() {
		if (stack == null) {
			stack = LocalStack.startOn(LocalInfrastructure.shared());
		}
		return stack;
	}

}
