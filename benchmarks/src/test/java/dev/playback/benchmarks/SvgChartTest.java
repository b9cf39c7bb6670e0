package dev.playback.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SvgChartTest {

	@Test
	void axesEndAtARoundNumberAtOrAboveTheLargestValue() {
		assertThat(SvgChart.niceCeiling(0.7)).isEqualTo(1.0);
		assertThat(SvgChart.niceCeiling(1_000)).isEqualTo(1_000);
		assertThat(SvgChart.niceCeiling(1_001)).isEqualTo(2_000);
		assertThat(SvgChart.niceCeiling(2_600)).isEqualTo(5_000);
		assertThat(SvgChart.niceCeiling(7_300)).isEqualTo(10_000);
	}

	@Test
	void drawsEachSeriesScaledIntoThePlotWithItsLegendAndMarkers() {
		String svg = new SvgChart("Rate <&>", "events/s")
			.series("accepted", List.of(new double[] { 0, 0 }, new double[] { 60, 500 }, new double[] { 120, 1_000 }))
			.series("target", List.of(new double[] { 0, 1_000 }, new double[] { 120, 1_000 }))
			.marker(60, "1000/s")
			.svg();

		// x 0..120 s onto 70..880 px, y 0..1,000 onto 285..40 px
		assertThat(svg).contains("points=\"70.0,285.0 475.0,162.5 880.0,40.0\"");
		assertThat(svg).contains("points=\"70.0,40.0 880.0,40.0\"");
		assertThat(svg).contains(">accepted</text>").contains(">target</text>").contains(">1000/s</text>");
		assertThat(svg).contains("Rate &lt;&amp;&gt;");
		assertThat(svg).startsWith("<svg").endsWith("</svg>\n");
	}

}
