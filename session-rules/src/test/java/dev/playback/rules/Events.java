package dev.playback.rules;

import java.time.Instant;

import dev.playback.schemas.AdInfo;
import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.TrafficClass;

/**
 * Builds a playback's events for the rule tests: {@code at(seconds)} from a fixed start.
 */
final class Events {

	static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

	private final String playbackId;

	private long seq;

	Events(String playbackId) {
		this.playbackId = playbackId;
	}

	Heartbeat content(EventType type, double atSeconds, long positionMs) {
		return base(type, atSeconds, positionMs).build();
	}

	Heartbeat seek(double atSeconds, Long fromPositionMs, long positionMs) {
		return base(EventType.SEEK, atSeconds, positionMs).setFromPositionMs(fromPositionMs).build();
	}

	Heartbeat ad(EventType type, double atSeconds, String adPlaybackId, long adPositionMs, long durationMs) {
		return ad(type, atSeconds, adPlaybackId, adPositionMs, durationMs, null, null);
	}

	/** An ad event with the player's viewability measure and the VAST AdServingId. */
	Heartbeat ad(EventType type, double atSeconds, String adPlaybackId, long adPositionMs, long durationMs,
			Integer viewablePercent, String adServingId) {
		return base(type, atSeconds, 0)
			.setAd(new AdInfo(adPlaybackId, "ad-1", adPositionMs, durationMs, viewablePercent, adServingId))
			.build();
	}

	/** A content event from a request ingest classified as {@code trafficClass}. */
	Heartbeat content(EventType type, double atSeconds, long positionMs, TrafficClass trafficClass) {
		return base(type, atSeconds, positionMs).setTrafficClass(trafficClass).build();
	}

	private Heartbeat.Builder base(EventType type, double atSeconds, long positionMs) {
		long seq = this.seq++;
		return Heartbeat.newBuilder()
			.setEventId("e-" + this.playbackId + "-" + seq)
			.setPlaybackId(this.playbackId)
			.setSeq(seq)
			.setUserId("user-1")
			.setVideoId("video-1")
			.setType(type)
			.setPositionMs(positionMs)
			.setEventTime(T0.plusMillis(Math.round(atSeconds * 1000)))
			.setReceivedAt(T0);
	}

}
