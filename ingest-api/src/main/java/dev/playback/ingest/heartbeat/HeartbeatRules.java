package dev.playback.ingest.heartbeat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.playback.ingest.IngestProperties;
import dev.playback.schemas.EventType;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import org.springframework.stereotype.Component;

/**
 * Every rule of CONTRACT.md section 1 for one event: the field annotations of
 * {@link HeartbeatRequest}, then the rules across fields and against the server's clock.
 */
@Component
class HeartbeatRules {

	private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

	private final Validator validator;

	private final Clock clock;

	private final Duration maxClockSkew;

	private final Duration maxEventAge;

	HeartbeatRules(Validator validator, Clock clock, IngestProperties properties) {
		this.validator = validator;
		this.clock = clock;
		this.maxClockSkew = properties.maxClockSkew();
		this.maxEventAge = properties.maxEventAge();
	}

	List<EventError> check(int index, HeartbeatRequest event) {
		List<EventError> errors = new ArrayList<>();
		for (ConstraintViolation<HeartbeatRequest> violation : this.validator.validate(event)) {
			errors.add(new EventError(index, violation.getPropertyPath().toString(), violation.getMessage()));
		}
		boolean adEvent = event.type() != null && event.type().name().startsWith("AD_");
		if (adEvent && event.ad() == null) {
			errors.add(new EventError(index, "ad", "is required for " + event.type() + " events"));
		}
		if (!adEvent && event.type() != null && event.ad() != null) {
			errors.add(new EventError(index, "ad", "must be absent for " + event.type() + " events"));
		}
		if (event.fromPositionMs() != null && event.type() != null && event.type() != EventType.SEEK) {
			errors.add(new EventError(index, "fromPositionMs", "is allowed on SEEK events only"));
		}
		if (event.country() != null && event.country().matches("[A-Z]{2}") && !COUNTRIES.contains(event.country())) {
			errors.add(new EventError(index, "country", "is not an ISO 3166-1 alpha-2 country"));
		}
		if (event.eventTime() != null) {
			Instant now = this.clock.instant();
			if (event.eventTime().isAfter(now.plus(this.maxClockSkew))) {
				errors.add(new EventError(index, "eventTime",
						"must not be more than " + this.maxClockSkew.toMinutes() + " min ahead of the server's clock"));
			}
			if (event.eventTime().isBefore(now.minus(this.maxEventAge))) {
				errors.add(new EventError(index, "eventTime",
						"must not be older than " + this.maxEventAge.toDays() + " days"));
			}
		}
		errors.sort(Comparator.comparing(EventError::field, Comparator.nullsFirst(Comparator.naturalOrder())));
		return errors;
	}

}
