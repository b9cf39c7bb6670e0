package dev.playback.rules;

import java.time.Instant;

import dev.playback.rules.SessionFold.AdState;
import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;

/** One ad playback: the interval rule on the ad's own playhead, with 5 s steps. */
final class AdFold {

	final String adPlaybackId;

	private final String adId;

	private final long startedAtMs;

	/** The previous event's ad playhead, -1 before the first one. */
	private long previousPositionMs = -1;

	private long previousTimeMs;

	private long played;

	private long run;

	private long maxRun;

	private long maxPosition;

	private long duration;

	private boolean completeEvent;

	private boolean skipped;

	private boolean clicked;

	private boolean unmeasured;

	private boolean previousInView;

	private long viewRun;

	private boolean viewable;

	private String adServingId;

	AdFold(String adPlaybackId, String adId, long startedAtMs) {
		this.adPlaybackId = adPlaybackId;
		this.adId = adId;
		this.startedAtMs = startedAtMs;
	}

	void apply(Heartbeat event, long timeMs) {
		long position = event.getAd().getPositionMs();
		this.duration = event.getAd().getDurationMs();
		this.completeEvent |= event.getType() == EventType.AD_COMPLETE;
		this.skipped |= event.getType() == EventType.AD_SKIP;
		this.clicked |= event.getType() == EventType.AD_CLICK;
		Integer viewablePercent = event.getAd().getViewablePercent();
		this.unmeasured |= viewablePercent == null;
		boolean inView = viewablePercent != null && viewablePercent >= SessionRules.IN_VIEW_PERCENT;
		if (event.getAd().getAdServingId() != null) {
			this.adServingId = event.getAd().getAdServingId();
		}
		if (this.previousPositionMs >= 0) {
			long dt = timeMs - this.previousTimeMs;
			long dp = position - this.previousPositionMs;
			if (SessionRules.credited(dp, dt, SessionRules.MAX_AD_STEP_MS)) {
				this.played += dp;
				this.run += dp;
				this.maxRun = Math.max(this.maxRun, this.run);
				this.maxPosition = Math.max(this.maxPosition, position);
				// in view from the interval's first event to its last
				this.viewRun = (this.previousInView && inView) ? this.viewRun + dp : 0;
				this.viewable |= this.viewRun >= SessionRules.VIEWABLE_RUN_MS;
			}
			else {
				this.run = 0;
				this.viewRun = 0;
			}
		}
		this.previousInView = inView;
		this.previousPositionMs = position;
		this.previousTimeMs = timeMs;
	}

	AdSummary summary() {
		boolean completed = this.completeEvent
				|| this.maxPosition >= this.duration - SessionRules.AD_COMPLETE_MARGIN_MS;
		return new AdSummary(this.adPlaybackId, this.adId, this.duration, Instant.ofEpochMilli(this.startedAtMs),
				this.played, this.maxRun, this.maxPosition, completed, this.skipped, this.clicked, !this.unmeasured,
				this.viewable, this.adServingId);
	}

	AdState state() {
		return new AdState(this.adPlaybackId, this.adId, this.startedAtMs, this.previousPositionMs, this.previousTimeMs,
				this.played, this.run, this.maxRun, this.maxPosition, this.duration, this.completeEvent, this.skipped,
				this.clicked, this.unmeasured, this.previousInView, this.viewRun, this.viewable, this.adServingId);
	}

	static AdFold of(AdState state) {
		AdFold ad = new AdFold(state.adPlaybackId(), state.adId(), state.startedAtMs());
		ad.previousPositionMs = state.previousPositionMs();
		ad.previousTimeMs = state.previousTimeMs();
		ad.played = state.played();
		ad.run = state.run();
		ad.maxRun = state.maxRun();
		ad.maxPosition = state.maxPosition();
		ad.duration = state.duration();
		ad.completeEvent = state.completeEvent();
		ad.skipped = state.skipped();
		ad.clicked = state.clicked();
		ad.unmeasured = state.unmeasured();
		ad.previousInView = state.previousInView();
		ad.viewRun = state.viewRun();
		ad.viewable = state.viewable();
		ad.adServingId = state.adServingId();
		return ad;
	}

}
