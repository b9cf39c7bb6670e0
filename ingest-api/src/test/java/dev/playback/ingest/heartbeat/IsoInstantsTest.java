package dev.playback.ingest.heartbeat;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fast path must agree with {@link Instant#parse} on every string: same instant, or
 * both refuse.
 */
class IsoInstantsTest {

	@Property(tries = 3000)
	void agreesWithInstantParseOnInstantsPlayersSend(@ForAll("instants") String text) {
		assertThat(IsoInstants.fastPath(text)).as("fast path taken for %s", text).isNotNull();
		assertThat(IsoInstants.parse(text)).isEqualTo(Instant.parse(text));
	}

	@Property(tries = 5000)
	void agreesWithInstantParseOnAlmostInstants(@ForAll("almostInstants") String text) {
		Instant expected;
		try {
			expected = Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			assertThatThrownBy(() -> IsoInstants.parse(text)).isInstanceOf(DateTimeParseException.class);
			return;
		}
		assertThat(IsoInstants.parse(text)).as(text).isEqualTo(expected);
	}

	@Example
	void readsTheCommonForms() {
		assertThat(IsoInstants.fastPath("2026-11-26T05:10:34.145Z")).isEqualTo(Instant.ofEpochMilli(1795669834145L));
		assertThat(IsoInstants.fastPath("2024-02-29T23:59:59Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
		assertThat(IsoInstants.fastPath("1969-12-31T23:59:59.999999999Z"))
			.isEqualTo(Instant.ofEpochSecond(-1, 999_999_999));
	}

	@Example
	void leavesOtherFormsToInstantParse() {
		assertThat(IsoInstants.fastPath("2026-11-26T05:10:34+01:00")).isNull();
		assertThat(IsoInstants.fastPath("2023-02-29T00:00:00Z")).isNull();
		assertThat(IsoInstants.fastPath("2026-11-26T24:00:00Z")).isNull();
		assertThat(IsoInstants.fastPath("2026-11-26T05:10:34.Z")).isNull();
		assertThatThrownBy(() -> IsoInstants.parse("2023-02-29T00:00:00Z")).isInstanceOf(DateTimeParseException.class);
	}

	@Provide
	Arbitrary<String> instants() {
		Arbitrary<Instant> instants = Arbitraries.longs()
			.between(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
					Instant.parse("9999-12-31T23:59:59Z").getEpochSecond())
			.flatMap((seconds) -> Arbitraries.integers()
				.between(0, 999_999_999)
				.map((nanos) -> Instant.ofEpochSecond(seconds, nanos)));
		// Instant.toString writes 0, 3, 6 or 9 fraction digits; trim some to other
		// lengths
		return Arbitraries.integers().between(0, 9).flatMap((digits) -> instants.map((instant) -> {
			String text = instant.toString();
			int dot = text.indexOf('.');
			String whole = (dot < 0) ? text.substring(0, text.length() - 1) : text.substring(0, dot);
			String fraction = String.format("%09d", instant.getNano()).substring(0, digits);
			return whole + (digits == 0 ? "" : "." + fraction) + "Z";
		}));
	}

	@Provide
	Arbitrary<String> almostInstants() {
		// valid-looking strings with one character replaced, inserted or removed, and
		// calendar edge cases (day 29-31, hour 23-24, second 59-60)
		Arbitrary<String> edges = Arbitraries.strings()
			.withChars("0123456789")
			.ofLength(4)
			.flatMap(
					(year) -> Arbitraries.of("02-28", "02-29", "02-30", "04-31", "12-31", "13-01", "00-10", "01-00")
						.flatMap((date) -> Arbitraries.of("23:59:59", "24:00:00", "23:59:60", "00:60:00", "12:00:00")
							.flatMap((time) -> Arbitraries
								.of("Z", ".5Z", ".123456789Z", ".1234567890Z", "z", "+00:00", "")
								.map((zone) -> year + "-" + date + "T" + time + zone))));
		Arbitrary<String> mutated = instants().flatMap((text) -> Arbitraries.integers()
			.between(0, text.length() - 1)
			.flatMap((at) -> Arbitraries.of('0', '9', '-', ':', 'T', 't', 'Z', '.', ' ', '+', 'x', '٣')
				.flatMap((c) -> Arbitraries.of(0, 1, 2).map((how) -> switch (how) {
					case 0 -> text.substring(0, at) + c + text.substring(at + 1);
					case 1 -> text.substring(0, at) + c + text.substring(at);
					default -> text.substring(0, at) + text.substring(at + 1);
				}))));
		return Arbitraries.oneOf(edges, mutated);
	}

}
