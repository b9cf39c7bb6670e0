package dev.playback.rules;

import java.util.Objects;

import dev.playback.schemas.DeviceType;
import dev.playback.schemas.Heartbeat;

/**
 * Who watched what, where: taken from a session's events in seq order.
 *
 * @param playbackId the player's playback
 * @param userId the viewer (of the first event)
 * @param videoId the content (of the first event)
 * @param deviceId of the first event that named one, or {@code null}
 * @param country of the first event that named one, or {@code null}
 * @param deviceType of the first event that named one, or {@code null}
 * @param videoDurationMs of the latest event that carried it, or {@code null}
 */
public record SessionIdentity(String playbackId, String userId, String videoId, String deviceId, String country,
		DeviceType deviceType, Long videoDurationMs) {

	static SessionIdentity of(Heartbeat first) {
		return new SessionIdentity(first.getPlaybackId(), first.getUserId(), first.getVideoId(), first.getDeviceId(),
				first.getCountry(), first.getDeviceType(), first.getVideoDurationMs());
	}

	/** This identity after the session's next event in seq order. */
	SessionIdentity with(Heartbeat next) {
		String device = (this.deviceId != null) ? this.deviceId : next.getDeviceId();
		String where = (this.country != null) ? this.country : next.getCountry();
		DeviceType type = (this.deviceType != null) ? this.deviceType : next.getDeviceType();
		Long duration = (next.getVideoDurationMs() != null) ? next.getVideoDurationMs() : this.videoDurationMs;
		if (Objects.equals(device, this.deviceId) && Objects.equals(where, this.country) && type == this.deviceType
				&& Objects.equals(duration, this.videoDurationMs)) {
			return this;
		}
		return new SessionIdentity(this.playbackId, this.userId, this.videoId, device, where, type, duration);
	}

}
