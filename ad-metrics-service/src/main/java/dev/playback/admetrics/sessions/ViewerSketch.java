package dev.playback.admetrics.sessions;

import java.util.Collection;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.memory.Memory;

/**
 * Distinct viewers as an HLL sketch (Apache DataSketches): mergeable across rollup rows,
 * about 0.8% relative standard error at {@value #LG_K}, a few bytes while a row has few
 * viewers and at most about 16 KiB.
 */
public final class ViewerSketch {

	/** log2 of the sketch's buckets. */
	public static final int LG_K = 14;

	private ViewerSketch() {
	}

	public static byte[] of(Collection<String> userIds) {
		HllSketch sketch = new HllSketch(LG_K, TgtHllType.HLL_8);
		userIds.forEach(sketch::update);
		return sketch.toCompactByteArray();
	}

	/**
	 * The union of a stored sketch and more viewers: the viewers added to the stored
	 * sketch itself (a sketch of the same size and type counts them as a union would).
	 */
	public static byte[] add(byte[] stored, Collection<String> userIds) {
		HllSketch sketch = HllSketch.heapify(stored);
		if (sketch.getLgConfigK() != LG_K || sketch.getTgtHllType() != TgtHllType.HLL_8) {
			// not one of ours: merged into one that is
			Union union = new Union(LG_K);
			union.update(sketch);
			sketch = union.getResult(TgtHllType.HLL_8);
		}
		userIds.forEach(sketch::update);
		return sketch.toCompactByteArray();
	}

	/** Merges stored sketches; {@link #estimate} answers the distinct viewers of all. */
	public static Union union() {
		return new Union(LG_K);
	}

	public static void merge(Union union, byte[] stored) {
		union.update(HllSketch.wrap(Memory.wrap(stored)));
	}

	public static long estimate(Union union) {
		return Math.round(union.getEstimate());
	}

}
