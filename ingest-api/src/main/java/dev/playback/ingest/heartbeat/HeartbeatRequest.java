package dev.playback.ingest.heartbeat;

import java.time.Instant;

import dev.playback.schemas.AdInfo;
import dev.playback.schemas.ContractIds;
import dev.playback.schemas.DeviceType;
import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.TrafficClass;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * One event as a player sends it (docs/contract.md section 1). Field rules that involve
 * one field are annotations here; rules across fields or against the clock are in
 * {@link HeartbeatRules}.
 */
record HeartbeatRequest(@NotNull @Pattern(regexp = UUID, message = "must be a UUID") String eventId,
		@NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String playbackId, @NotNull @PositiveOrZero Long seq,
		@NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String userId, @Size(min = 1, max = 64) String deviceId,
		@NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String videoId, @NotNull EventType type,
		@NotNull @PositiveOrZero Long positionMs, @PositiveOrZero Long fromPositionMs, @Positive Long videoDurationMs,
		@NotNull Instant eventTime,
		@Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code") String country,
		DeviceType deviceType, @Valid Ad ad, @Size(min = 1, max = 64) String sdk) {

	static final String ID = "[A-Za-z0-9._:-]{1,64}";

	static final String ID_MESSAGE = ContractIds.RULE;

	static final String UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

	Heartbeat toAvro(Instant receivedAt, TrafficClass trafficClass) {
		// the all-arguments constructor: the generated builder deep-copies every field
		// again, which is measurable per event on the ingest path
		AdInfo adInfo = (this.ad != null) ? new AdInfo(this.ad.adPlaybackId(), this.ad.adId(), this.ad.positionMs(),
				this.ad.durationMs(), (this.ad.viewablePercent() != null) ? this.ad.viewablePercent().intValue() : null,
				this.ad.adServingId()) : null;
		return new Heartbeat(this.eventId, this.playbackId, this.seq, this.userId, this.deviceId, this.videoId,
				this.type, this.positionMs, this.fromPositionMs, this.videoDurationMs, this.eventTime, receivedAt,
				this.country, this.deviceType, adInfo, this.sdk, trafficClass);
	}

	/**
	 * The ad being played, on AD_* events.
	 *
	 * @param adPlaybackId one per ad playback, made by the player
	 * @param adId the ad creative, as in the ad catalog
	 * @param positionMs playhead inside the ad
	 * @param durationMs length of the ad
	 * @param viewablePercent share of the ad's video area in view at this event, 0..100;
	 * absent when not measured
	 * @param adServingId the VAST 4 AdServingId of this ad playback
	 */
	record Ad(@NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String adPlaybackId,
			@NotNull @Pattern(regexp = ID, message = ID_MESSAGE) String adId, @NotNull @PositiveOrZero Long positionMs,
			@NotNull @Positive Long durationMs, @Min(0) @Max(100) Long viewablePercent,
			@Size(min = 1, max = 128) String adServingId) {

		Ad(String adPlaybackId, String adId, Long positionMs, Long durationMs) {
			this(adPlaybackId, adId, positionMs, durationMs, null, null);
		}

	}

}
