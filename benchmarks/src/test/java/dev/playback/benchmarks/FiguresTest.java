package dev.playback.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FiguresTest {

	@Test
	void percentilesOfLatenciesAreTheNearestRankToThreeDigits() {
		List<Double> millis = new ArrayList<>();
		for (int i = 1; i <= 1000; i++) {
			millis.add(i / 10.0);
		}
		assertThat(Figures.percentile(millis, 0.50)).isCloseTo(50.0, within(0.05));
		assertThat(Figures.percentile(millis, 0.95)).isCloseTo(95.0, within(0.1));
		assertThat(Figures.percentile(millis, 0.99)).isCloseTo(99.0, within(0.1));
		assertThat(Figures.percentile(millis, 1.0)).isCloseTo(100.0, within(0.1));
		assertThat(Figures.percentile(List.of(), 0.5)).isNaN();
	}

	@Test
	void theMedianOfPassesIsTheMiddleOneOrTheMeanOfTheTwo() {
		assertThat(Figures.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
		assertThat(Figures.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
	}

}
