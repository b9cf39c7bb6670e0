package dev.playback.ingest.heartbeat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import dev.playback.ingest.IngestProperties;
import dev.playback.schemas.ContractIds;
import dev.playback.schemas.EventType;

import org.springframework.stereotype.Component;

/**
 * Every rule of docs/contract.md section 1 for one event: the single-field rules that
 * {@link HeartbeatRequest}'s annotations document (and the OpenAPI document shows), then
 * the rules across fields and against the server's clock.
 * <p>
 * The single-field rules are written out here rather than run through Bean Validation:
 * the validator cost about 5 &micro;s of CPU per event, half of the whole ingest path,
 * for a dozen fixed checks. {@code HeartbeatRulesAgreementTest} holds the two to the same
 * answers on generated events, so the annotations stay the specification.
 */
@Component
class HeartbeatRules {

	static final String REQUIRED = "must not be null";

	static final String NOT_NEGATIVE = "must be greater than or equal to 0";

	static final String POSITIVE = "must be greater than 0";

	static final String AT_MOST_100 = "must be less than or equal to 100";

	private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

	private final Clock clock;

	private final Duration maxClockSkew;

	private final Duration maxEventAge;

	HeartbeatRules(Clock clock, IngestProperties properties) {
		this.clock = clock;
		this.maxClockSkew = properties.maxClockSkew();
		this.maxEventAge = properties.maxEventAge();
	}

	List<EventError> check(int index, HeartbeatRequest event) {
		List<EventError> errors = new ArrayList<>(0);
		fieldErrors(index, event, errors);
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
		if (event.country() != null && isCountryShaped(event.country()) && !COUNTRIES.contains(event.country())) {
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
		if (errors.size() > 1) {
			errors.sort(Comparator.comparing(EventError::field, Comparator.nullsFirst(Comparator.naturalOrder())));
		}
		return errors;
	}

	/** The rules {@link HeartbeatRequest}'s annotations state, field by field. */
	static void fieldErrors(int index, HeartbeatRequest event, List<EventError> errors) {
		Fields fields = new Fields(index, errors);
		fields.required("eventId", event.eventId(), HeartbeatRules::isUuid, "must be a UUID");
		fields.required("playbackId", event.playbackId(), ContractIds::isValid, HeartbeatRequest.ID_MESSAGE);
		fields.count("seq", event.seq(), true, 0);
		fields.required("userId", event.userId(), ContractIds::isValid, HeartbeatRequest.ID_MESSAGE);
		fields.optional("deviceId", event.deviceId(), (id) -> !id.isEmpty() && id.length() <= 64,
				"size must be between 1 and 64");
		fields.required("videoId", event.videoId(), ContractIds::isValid, HeartbeatRequest.ID_MESSAGE);
		fields.present("type", event.type());
		fields.count("positionMs", event.positionMs(), true, 0);
		fields.count("fromPositionMs", event.fromPositionMs(), false, 0);
		fields.count("videoDurationMs", event.videoDurationMs(), false, 1);
		fields.present("eventTime", event.eventTime());
		fields.optional("country", event.country(), HeartbeatRules::isCountryShaped,
				"must be an ISO 3166-1 alpha-2 code");
		HeartbeatRequest.Ad ad = event.ad();
		if (ad != null) {
			fields.required("ad.adPlaybackId", ad.adPlaybackId(), ContractIds::isValid, HeartbeatRequest.ID_MESSAGE);
			fields.required("ad.adId", ad.adId(), ContractIds::isValid, HeartbeatRequest.ID_MESSAGE);
			fields.count("ad.positionMs", ad.positionMs(), true, 0);
			fields.count("ad.durationMs", ad.durationMs(), true, 1);
			fields.count("ad.viewablePercent", ad.viewablePercent(), false, 0);
			if (ad.viewablePercent() != null && ad.viewablePercent() > 100) {
				errors.add(new EventError(index, "ad.viewablePercent", AT_MOST_100));
			}
			fields.optional("ad.adServingId", ad.adServingId(), (id) -> !id.isEmpty() && id.length() <= 128,
					"size must be between 1 and 128");
		}
		fields.optional("sdk", event.sdk(), (sdk) -> !sdk.isEmpty() && sdk.length() <= 64,
				"size must be between 1 and 64");
	}

	/** {@link HeartbeatRequest#UUID}, without a regular expression. */
	static boolean isUuid(String value) {
		if (value.length() != 36) {
			return false;
		}
		for (int i = 0; i < 36; i++) {
			char c = value.charAt(i);
			boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
			boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
			if (dash ? c != '-' : !hex) {
				return false;
			}
		}
		return true;
	}

	private static boolean isCountryShaped(String value) {
		return value.length() == 2 && isUpper(value.charAt(0)) && isUpper(value.charAt(1));
	}

	private static boolean isUpper(char c) {
		return c >= 'A' && c <= 'Z';
	}

	/** Adds one error per broken single-field rule. */
	private record Fields(int index, List<EventError> errors) {

		void present(String field, Object value) {
			if (value == null) {
				this.errors.add(new EventError(this.index, field, REQUIRED));
			}
		}

		void required(String field, String value, Predicate<String> valid, String message) {
			present(field, value);
			optional(field, value, valid, message);
		}

		void optional(String field, String value, Predicate<String> valid, String message) {
			if (value != null && !valid.test(value)) {
				this.errors.add(new EventError(this.index, field, message));
			}
		}

		void count(String field, Long value, boolean required, long minimum) {
			if (required) {
				present(field, value);
			}
			if (value != null && value < minimum) {
				this.errors.add(new EventError(this.index, field, (minimum == 0) ? NOT_NEGATIVE : POSITIVE));
			}
		}

	}

}
