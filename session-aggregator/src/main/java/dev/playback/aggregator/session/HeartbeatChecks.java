package dev.playback.aggregator.session;

import dev.playback.schemas.AdInfo;
import dev.playback.schemas.ContractIds;
import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;

/**
 * The rules of docs/contract.md section 1 that a heartbeat record can still break once it
 * is Avro (ingest-api checks them all; a record written to the topic another way may not
 * have been checked): what would make the session rules compute nonsense is refused here,
 * with the reason, and goes to the dead-letter topic instead of into a session.
 */
final class HeartbeatChecks {

	private HeartbeatChecks() {
	}

	/** Why the heartbeat cannot be taken, or {@code null} when it can. */
	static String problem(Heartbeat event) {
		if (!ContractIds.isValid(event.getPlaybackId()) || !ContractIds.isValid(event.getUserId())
				|| !ContractIds.isValid(event.getVideoId())) {
			return "playbackId, userId and videoId " + ContractIds.RULE;
		}
		if (event.getSeq() < 0) {
			return "seq must not be negative";
		}
		if (event.getPositionMs() < 0) {
			return "positionMs must not be negative";
		}
		if (event.getFromPositionMs() != null && (event.getType() != EventType.SEEK || event.getFromPositionMs() < 0)) {
			return "fromPositionMs is allowed on SEEK events only, and must not be negative";
		}
		if (event.getVideoDurationMs() != null && event.getVideoDurationMs() <= 0) {
			return "videoDurationMs must be positive";
		}
		boolean adEvent = event.getType().name().startsWith("AD_");
		AdInfo ad = event.getAd();
		if (adEvent != (ad != null)) {
			return "ad is required for AD_* events and absent otherwise";
		}
		if (ad != null && (!ContractIds.isValid(ad.getAdPlaybackId()) || !ContractIds.isValid(ad.getAdId())
				|| ad.getPositionMs() < 0 || ad.getDurationMs() <= 0)) {
			return "ad needs adPlaybackId and adId, positionMs >= 0 and durationMs > 0";
		}
		return null;
	}

}
