package dev.playback.ingest.heartbeat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.playback.schemas.EventType;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The annotations on {@link HeartbeatRequest} are the specification (the OpenAPI document
 * shows them); {@link HeartbeatRules} checks the same rules by hand for speed. Both must
 * give the same errors for any event.
 */
class HeartbeatRulesAgreementTest {

	static ValidatorFactory validation;

	static Validator validator;

	@BeforeContainer
	static void start() {
		validation = Validation.buildDefaultValidatorFactory();
		validator = validation.getValidator();
	}

	@AfterContainer
	static void stop() {
		validation.close();
	}

	@Property(tries = 3000)
	void handWrittenRulesGiveTheBeanValidationAnswer(@ForAll("events") HeartbeatRequest event) {
		Set<String> expected = validator.validate(event)
			.stream()
			.map((violation) -> violation.getPropertyPath() + ": " + violation.getMessage())
			.collect(Collectors.toSet());
		List<EventError> errors = new ArrayList<>();
		HeartbeatRules.fieldErrors(0, event, errors);
		Set<String> actual = errors.stream()
			.map((error) -> error.field() + ": " + error.message())
			.collect(Collectors.toSet());
		assertThat(actual).isEqualTo(expected);
	}

	@Provide
	Arbitrary<HeartbeatRequest> events() {
		Arbitrary<Long> percents = Arbitraries
			.oneOf(Arbitraries.longs().between(-2, 102), Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE))
			.injectNull(0.3);
		Arbitrary<HeartbeatRequest.Ad> ads = Combinators.combine(ids(), ids(), counts(), counts(), percents, texts(128))
			.as(HeartbeatRequest.Ad::new)
			.injectNull(0.3);
		Arbitrary<String> eventIds = Arbitraries.oneOf(Arbitraries.create(() -> java.util.UUID.randomUUID().toString()),
				Arbitraries.of("6F1C3A52-36F4-4B8E-9D0E-0D7B6C1F6A11", "6f1c3a52-36f4-4b8e-9d0e-0d7b6c1f6a1",
						"6f1c3a52x36f4-4b8e-9d0e-0d7b6c1f6a11", "6f1c3a52-36f4-4b8e-9d0e-0d7b6c1f6a1g", ""),
				Arbitraries.strings().ofMaxLength(40))
			.injectNull(0.1);
		Arbitrary<String> countries = Arbitraries.of("DE", "US", "de", "D", "DEU", "ZZ", "D1", "", "ÄÖ")
			.injectNull(0.3);
		Arbitrary<Instant> times = Arbitraries.just(Instant.parse("2026-11-01T12:00:00Z")).injectNull(0.1);
		Arbitrary<EventType> types = Arbitraries.of(EventType.class).injectNull(0.1);
		return Combinators
			.combine(Combinators.combine(eventIds, ids(), counts(), ids(), ids(), ids(), types, counts()).as(Head::new),
					counts(), counts(), times, countries, ads, texts(64))
			.as((head, from, duration, time, country, ad, sdk) -> new HeartbeatRequest(head.eventId, head.playbackId,
					head.seq, head.userId, head.deviceId, head.videoId, head.type, head.positionMs, from, duration,
					time, country, null, ad, sdk));
	}

	/** Free text of up to about {@code max} characters: empty, at the bound, over it. */
	private static Arbitrary<String> texts(int max) {
		return Arbitraries
			.oneOf(Arbitraries.strings().ofMinLength(1).ofMaxLength(max), Arbitraries.just(""),
					Arbitraries.strings().withChars("x").ofMinLength(max).ofMaxLength(max + 2))
			.injectNull(0.3);
	}

	private static Arbitrary<String> ids() {
		return Arbitraries
			.oneOf(Arbitraries.strings().withChars("abcXYZ019._:-").ofMinLength(1).ofMaxLength(64),
					Arbitraries.strings().withChars("ab .é/\u0000").ofMaxLength(5),
					Arbitraries.strings().withChars("a").ofMinLength(64).ofMaxLength(66), Arbitraries.just(""))
			.injectNull(0.15);
	}

	private static Arbitrary<Long> counts() {
		return Arbitraries.oneOf(Arbitraries.longs().between(-2, 2), Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE))
			.injectNull(0.2);
	}

	private record Head(String eventId, String playbackId, Long seq, String userId, String deviceId, String videoId,
			EventType type, Long positionMs) {
	}

}
