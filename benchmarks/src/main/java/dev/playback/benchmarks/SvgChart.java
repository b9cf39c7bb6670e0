package dev.playback.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart as an SVG file, with no library: series of (seconds, value) points on
 * shared axes, vertical markers (e.g. where a load step begins) and a legend. Enough to
 * see throughput and latency over a benchmark run.
 */
final class SvgChart {

	private static final String[] COLORS = { "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b" };

	private static final int WIDTH = 900;

	private static final int HEIGHT = 360;

	private static final int LEFT = 70;

	private static final int RIGHT = 20;

	private static final int TOP = 40;

	private static final int BOTTOM = 75;

	private final String title;

	private final String yLabel;

	private final List<Series> series = new ArrayList<>();

	private final List<Marker> markers = new ArrayList<>();

	/** One line. */
	record Series(String name, List<double[]> points) {
	}

	/** A vertical line with a label. */
	record Marker(double x, String label) {
	}

	private final String xLabel;

	SvgChart(String title, String yLabel) {
		this(title, yLabel, "seconds since the first step");
	}

	SvgChart(String title, String yLabel, String xLabel) {
		this.title = title;
		this.yLabel = yLabel;
		this.xLabel = xLabel;
	}

	SvgChart series(String name, List<double[]> points) {
		this.series.add(new Series(name, points));
		return this;
	}

	SvgChart marker(double x, String label) {
		this.markers.add(new Marker(x, label));
		return this;
	}

	void write(Path file) throws IOException {
		Files.writeString(file, svg());
	}

	String svg() {
		double maxX = 1;
		double maxY = 1;
		for (Series line : this.series) {
			for (double[] point : line.points()) {
				maxX = Math.max(maxX, point[0]);
				maxY = Math.max(maxY, point[1]);
			}
		}
		maxY = niceCeiling(maxY);
		// whole minutes on the time axis: its six ticks fall on whole multiples of 10 s
		maxX = Math.ceil(maxX / 60) * 60;
		double plotWidth = WIDTH - LEFT - RIGHT;
		double plotHeight = HEIGHT - TOP - BOTTOM;
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
						+ "font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
				WIDTH, HEIGHT));
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\">%s</text>%n", LEFT,
				escape(this.title)));
		for (int i = 0; i <= 5; i++) {
			double value = maxY * i / 5;
			double y = TOP + plotHeight - plotHeight * i / 5;
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
							+ "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
					LEFT, y, WIDTH - RIGHT, y, LEFT - 6, y + 4, number(value)));
		}
		for (int i = 0; i <= 6; i++) {
			double value = maxX * i / 6;
			double x = LEFT + plotWidth * i / 6;
			svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x,
					HEIGHT - BOTTOM + 18, number(value)));
		}
		svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
				LEFT + plotWidth / 2, HEIGHT - BOTTOM + 36, escape(this.xLabel)));
		svg.append(String.format(Locale.ROOT,
				"<text x=\"14\" y=\"%.1f\" transform=\"rotate(-90 14 %.1f)\" text-anchor=\"middle\">%s</text>%n",
				TOP + plotHeight / 2, TOP + plotHeight / 2, escape(this.yLabel)));
		for (Marker marker : this.markers) {
			double x = LEFT + plotWidth * marker.x() / maxX;
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>"
							+ "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#555\">%s</text>%n",
					x, TOP, x, TOP + plotHeight, x + 3, TOP + 10, escape(marker.label())));
		}
		for (int s = 0; s < this.series.size(); s++) {
			Series line = this.series.get(s);
			String color = COLORS[s % COLORS.length];
			StringBuilder points = new StringBuilder();
			for (double[] point : line.points()) {
				points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + plotWidth * point[0] / maxX,
						TOP + plotHeight - plotHeight * Math.min(point[1], maxY) / maxY));
			}
			svg.append(String.format(Locale.ROOT,
					"<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n", color,
					points.toString().trim()));
			svg.append(String.format(Locale.ROOT,
					"<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
							+ "<text x=\"%d\" y=\"%d\">%s</text>%n",
					LEFT + 10 + 190 * s, HEIGHT - 22, color, LEFT + 24 + 190 * s, HEIGHT - 13, escape(line.name())));
		}
		return svg.append("</svg>\n").toString();
	}

	/** 1, 2 or 5 times a power of ten, at or above {@code value}. */
	static double niceCeiling(double value) {
		double power = Math.pow(10, Math.floor(Math.log10(value)));
		for (double step : new double[] { 1, 2, 5, 10 }) {
			if (step * power >= value) {
				return step * power;
			}
		}
		return 10 * power;
	}

	private static String number(double value) {
		return (value == Math.rint(value)) ? String.format(Locale.ROOT, "%,.0f", value)
				: String.format(Locale.ROOT, "%.2f", value);
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

}
