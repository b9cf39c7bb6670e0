package dev.playback.royalty.statement;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Pseudonymous viewer ids in evidence. */
class ViewerIdsTest {

	@Test
	void aViewerHasOneIdPerHolderAndDifferentIdsAtDifferentHolders() {
		byte[] holderA = new byte[32];
		byte[] holderB = new byte[32];
		Arrays.fill(holderB, (byte) 1);
		String atA = new ViewerIds(holderA).of("user-1");
		assertThat(atA).matches("[0-9a-f]{32}").doesNotContain("user");
		assertThat(new ViewerIds(holderA).of("user-1")).isEqualTo(atA);
		assertThat(new ViewerIds(holderB).of("user-1")).isNotEqualTo(atA);
		assertThat(new ViewerIds(holderA).of("user-2")).isNotEqualTo(atA);
	}

}
