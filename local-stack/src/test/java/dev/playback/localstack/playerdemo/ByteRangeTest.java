package dev.playback.localstack.playerdemo;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteRangeTest {

	@Test
	void aRangeIsAnsweredInPartsWithItsContentRange() {
		assertThat(ByteRange.of("bytes=0-", 1000)).isEqualTo(new ByteRange(0, 999));
		assertThat(ByteRange.of("bytes=100-199", 1000)).isEqualTo(new ByteRange(100, 199));
		assertThat(ByteRange.of("bytes=100-199", 1000).contentRange(1000)).isEqualTo("bytes 100-199/1000");
		assertThat(ByteRange.of("bytes=900-5000", 1000)).isEqualTo(new ByteRange(900, 999));
		assertThat(ByteRange.of("bytes=-300", 1000)).isEqualTo(new ByteRange(700, 999));
		assertThat(ByteRange.of("bytes=-3000", 1000)).isEqualTo(new ByteRange(0, 999));
		assertThat(ByteRange.of("bytes=10-19", 1000).length()).isEqualTo(10);
	}

	@Test
	void noRangeOrOneNotServedInPartsIsTheWholeFile() {
		assertThat(ByteRange.of(null, 1000)).isNull();
		assertThat(ByteRange.of("bytes=0-1,5-9", 1000)).isNull();
		assertThat(ByteRange.of("items=0-1", 1000)).isNull();
		assertThat(ByteRange.of("bytes=-", 1000)).isNull();
		assertThat(ByteRange.of("bytes=20-10", 1000)).isNull();
		assertThat(ByteRange.of("bytes=99999999999999999999-", 1000)).isNull();
	}

	@Test
	void aRangePastTheEndIsUnsatisfiable() {
		assertThatThrownBy(() -> ByteRange.of("bytes=1000-", 1000)).isInstanceOf(ByteRange.Unsatisfiable.class);
		assertThatThrownBy(() -> ByteRange.of("bytes=-0", 1000)).isInstanceOf(ByteRange.Unsatisfiable.class);
	}

}
