package dev.playback.admetrics.sessions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ViewerSketchTest {

	@Test
	void hourlySketchesMergeToWithinTwoPercentOfTheExactCountOfOneHundredThousandViewers() {
		Random random = new Random(7);
		Set<String> exact = new HashSet<>();
		List<byte[]> hours = new ArrayList<>();
		for (int hour = 0; hour < 24 * 7; hour++) {
			// each hour sees about 2,500 viewers drawn from 100,000, so most come back in
			// other hours
			List<String> viewers = new ArrayList<>();
			for (int i = 0; i < 2_500; i++) {
				viewers.add("user-" + random.nextInt(100_000));
			}
			exact.addAll(viewers);
			hours.add(ViewerSketch.of(viewers));
		}
		Union union = ViewerSketch.union();
		hours.forEach((sketch) -> ViewerSketch.merge(union, sketch));
		assertThat(exact.size()).isGreaterThan(98_000);
		assertThat((double) ViewerSketch.estimate(union)).isCloseTo(exact.size(), within(exact.size() * 0.02));
	}

	@Test
	void oneHundredThousandDistinctViewersInOneSketchAreWithinTwoPercent() {
		List<String> viewers = new ArrayList<>();
		for (int i = 0; i < 100_000; i++) {
			viewers.add("viewer-" + i);
		}
		Union union = ViewerSketch.union();
		ViewerSketch.merge(union, ViewerSketch.of(viewers));
		assertThat((double) ViewerSketch.estimate(union)).isCloseTo(100_000, within(2_000.0));
	}

	@Test
	void addingViewersIsTheSketchOfAllOfThemAndSmallSketchesAreExact() {
		byte[] first = ViewerSketch.of(List.of("a", "b"));
		byte[] grown = ViewerSketch.add(first, List.of("b", "c"));
		Union union = ViewerSketch.union();
		ViewerSketch.merge(union, grown);
		assertThat(ViewerSketch.estimate(union)).isEqualTo(3);
		Union empty = ViewerSketch.union();
		ViewerSketch.merge(empty, ViewerSketch.of(List.of()));
		assertThat(ViewerSketch.estimate(empty)).isZero();
	}

	@Test
	void viewersAddedBatchByBatchCountAsTheSketchOfAllOfThem() {
		// through the sketch's list, set and HLL forms
		Random random = new Random(11);
		List<String> all = new ArrayList<>();
		byte[] grown = ViewerSketch.of(List.of());
		for (int batch = 0; batch < 400; batch++) {
			List<String> viewers = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				viewers.add("user-" + random.nextInt(30_000));
			}
			all.addAll(viewers);
			grown = ViewerSketch.add(grown, viewers);
		}
		Union batchByBatch = ViewerSketch.union();
		ViewerSketch.merge(batchByBatch, grown);
		Union atOnce = ViewerSketch.union();
		ViewerSketch.merge(atOnce, ViewerSketch.of(all));
		assertThat(ViewerSketch.estimate(batchByBatch)).isEqualTo(ViewerSketch.estimate(atOnce));
		assertThat((double) ViewerSketch.estimate(batchByBatch)).isCloseTo(new HashSet<>(all).size(),
				within(new HashSet<>(all).size() * 0.02));
	}

	@Test
	void aSketchOfAnotherSizeIsMergedIntoOneOfOurs() {
		HllSketch small = new HllSketch(10, TgtHllType.HLL_4);
		List.of("a", "b", "c").forEach(small::update);
		byte[] grown = ViewerSketch.add(small.toCompactByteArray(), List.of("c", "d"));
		HllSketch ours = HllSketch.heapify(grown);
		assertThat(ours.getLgConfigK()).isEqualTo(ViewerSketch.LG_K);
		assertThat(ours.getTgtHllType()).isEqualTo(TgtHllType.HLL_8);
		assertThat(Math.round(ours.getEstimate())).isEqualTo(4);
	}

}
