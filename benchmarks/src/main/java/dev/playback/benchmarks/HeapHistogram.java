package dev.playback.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live objects of a JVM by class ({@code jcmd <pid> GC.class_histogram}, which
 * collects first), and what grew between two of them: what tells a cache that fills to
 * its bound from a leak, which a heap-after-GC line alone cannot.
 *
 * @param text the histogram as jcmd printed it
 * @param classes instances and bytes per class name
 */
record HeapHistogram(String text, Map<String, long[]> classes) {

	private static final Pattern ROW = Pattern
		.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)(?:\\s+\\([^)]*\\))?\\s*$", Pattern.MULTILINE);

	/** One class's growth between two histograms. */
	record Growth(String className, long instances, long bytes) {
	}

	static HeapHistogram parse(String text) {
		Map<String, long[]> classes = new LinkedHashMap<>();
		Matcher row = ROW.matcher(text);
		while (row.find()) {
			classes.merge(row.group(3), new long[] { Long.parseLong(row.group(1)), Long.parseLong(row.group(2)) },
					(a, b) -> new long[] { a[0] + b[0], a[1] + b[1] });
		}
		return new HeapHistogram(text, classes);
	}

	/** The histogram of the JVM {@code pid}, live objects only. */
	static HeapHistogram of(long pid) {
		return parse(ServiceProcesses.jcmd(pid, "GC.class_histogram", Duration.ofSeconds(60)));
	}

	long totalBytes() {
		return this.classes.values().stream().mapToLong((counts) -> counts[1]).sum();
	}

	/** The classes whose live bytes grew most from {@code before} to this one. */
	List<Growth> grewSince(HeapHistogram before, int top) {
		List<Growth> growth = new ArrayList<>();
		this.classes.forEach((name, now) -> {
			long[] then = before.classes().getOrDefault(name, new long[2]);
			growth.add(new Growth(name, now[0] - then[0], now[1] - then[1]));
		});
		growth.sort(Comparator.comparingLong(Growth::bytes).reversed());
		return growth.subList(0, Math.min(top, growth.size()));
	}

	/** Lines for a report of {@link #grewSince}. */
	static List<String> describe(List<Growth> growth) {
		return growth.stream()
			.map((g) -> String.format(Locale.ROOT, "  %+10.2f MiB %+12d instances  %s", g.bytes() / 1024.0 / 1024,
					g.instances(), g.className()))
			.toList();
	}

}
