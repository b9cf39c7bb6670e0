package dev.playback.sessions.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A figure of a report (hours played, impressions) as it changes, for dashboards: what
 * committed batches added to it and what they withdrew (a revision that lowers a figure,
 * a session found to be invalid traffic) as two counters tagged {@code change=added} and
 * {@code change=withdrawn}, so both stay monotonic and {@code added - withdrawn} is the
 * net change. Counted when the batch's transaction commits: a batch rolled back and
 * retried counts once.
 */
public final class CommittedChanges {

	private final Counter added;

	private final Counter withdrawn;

	/**
	 * @param name the meter's name ({@code royalty.played.seconds} is written
	 * {@code royalty_played_seconds_total})
	 * @param tags more tags, as key and value pairs
	 */
	public CommittedChanges(MeterRegistry registry, String name, String description, String... tags) {
		this.added = counter(registry, name, description, tags, "added");
		this.withdrawn = counter(registry, name, description, tags, "withdrawn");
	}

	private static Counter counter(MeterRegistry registry, String name, String description, String[] tags,
			String change) {
		return Counter.builder(name).description(description).tags(tags).tag("change", change).register(registry);
	}

	/** Counts a change of the figure once the current transaction commits. */
	public void record(double change) {
		if (change == 0) {
			return;
		}
		Runnable count = (change > 0) ? () -> this.added.increment(change) : () -> this.withdrawn.increment(-change);
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			count.run();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				count.run();
			}
		});
	}

}
