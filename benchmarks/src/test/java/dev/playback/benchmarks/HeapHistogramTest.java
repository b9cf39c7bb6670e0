package dev.playback.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeapHistogramTest {

	static final String BEFORE = """
			12345:
			 num     #instances         #bytes  class name (module)
			-------------------------------------------------------
			   1:          1000         800000  [B (java.base@17.0.15)
			   2:           500          12000  java.lang.String (java.base@17.0.15)
			   3:            10            480  org.apache.kafka.streams.state.internals.LRUCacheEntry
			Total          1510         812480
			""";

	static final String AFTER = """
			12345:
			 num     #instances         #bytes  class name (module)
			-------------------------------------------------------
			   1:          1500        1300000  [B (java.base@17.0.15)
			   2:            20            960  org.apache.kafka.streams.state.internals.LRUCacheEntry
			   3:           400           9600  java.lang.String (java.base@17.0.15)
			   4:             1             16  dev.playback.New
			Total          1921        1310576
			""";

	@Test
	void readsEveryRowOfJcmdsHistogramWithOrWithoutAModule() {
		HeapHistogram histogram = HeapHistogram.parse(BEFORE);
		assertThat(histogram.classes()).containsOnlyKeys("[B", "java.lang.String",
				"org.apache.kafka.streams.state.internals.LRUCacheEntry");
		assertThat(histogram.classes().get("[B")).containsExactly(1000, 800000);
		assertThat(histogram.totalBytes()).isEqualTo(812480);
	}

	@Test
	void ranksTheClassesThatGrewAndCountsNewOnesFromNothing() {
		List<HeapHistogram.Growth> growth = HeapHistogram.parse(AFTER).grewSince(HeapHistogram.parse(BEFORE), 3);
		assertThat(growth).containsExactly(new HeapHistogram.Growth("[B", 500, 500000),
				new HeapHistogram.Growth("org.apache.kafka.streams.state.internals.LRUCacheEntry", 10, 480),
				new HeapHistogram.Growth("dev.playback.New", 1, 16));
		assertThat(HeapHistogram.describe(growth).get(0)).contains("+0.48 MiB")
			.contains("+500 instances")
			.endsWith("[B");
	}

}
