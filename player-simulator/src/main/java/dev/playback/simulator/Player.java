package dev.playback.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import dev.playback.schemas.AdInfo;
import dev.playback.schemas.DeviceType;
import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;

/**
 * One simulated viewer: arrives at some time, watches one to three videos on one of their
 * devices, pauses, seeks forward and back (rewatching), sometimes moves to another device
 * mid-video or leaves without a STOP, and sits through pre- and mid-roll ads that they
 * watch to the end, skip or click. Events follow docs/contract.md section 1: a HEARTBEAT
 * every 5 s of content, an AD_HEARTBEAT every 1 s of ad, each device's clock off by its
 * own skew.
 */
final class Player {

	private static final String[] COUNTRIES = { "DE", "US", "FR", "GB", "JP", "BR" };

	private final Random random;

	private final String userId;

	private final SimCatalog catalog;

	private final long endMs;

	private final List<Device> devices = new ArrayList<>();

	private final List<Emitted> emitted = new ArrayList<>();

	private final String country;

	private int playbacks;

	private long t;

	private Device device;

	private String playbackId;

	private long seq;

	private long videoDurationMs;

	private String videoId;

	/**
	 * An event and the true time the player sent it (its eventTime is by the device's
	 * clock).
	 *
	 * @param atMs true time in epoch ms
	 * @param event the event
	 */
	record Emitted(long atMs, Heartbeat event) {
	}

	/**
	 * One of a viewer's devices.
	 *
	 * @param id device id
	 * @param type device type
	 * @param skewMs how far its clock is off
	 */
	private record Device(String id, DeviceType type, long skewMs) {
	}

	private Player(Random random, String userId, SimCatalog catalog, long endMs, long maxSkewMs) {
		this.random = random;
		this.userId = userId;
		this.catalog = catalog;
		this.endMs = endMs;
		this.country = COUNTRIES[random.nextInt(COUNTRIES.length)];
		int count = 1 + random.nextInt(3);
		for (int i = 1; i <= count; i++) {
			long skew = (maxSkewMs == 0) ? 0 : random.nextLong(-maxSkewMs, maxSkewMs + 1);
			this.devices.add(new Device(userId + "-d" + i, DeviceType.values()[random.nextInt(5)], skew));
		}
	}

	/** Everything one viewer does between its arrival and the end of the simulation. */
	static List<Emitted> watch(Scenario scenario, SimCatalog catalog, int viewer) {
		Random random = new Random(scenario.seed() * 1_000_003L + viewer);
		String userId = scenario.prefix() + "-user-" + viewer;
		Player player = new Player(random, userId, catalog, scenario.end().toEpochMilli(),
				scenario.network().maxClockSkewMs());
		player.t = scenario.start().toEpochMilli() + (long) (random.nextDouble() * scenario.arrivals().toMillis());
		int videos = 1 + random.nextInt(3);
		for (int i = 0; i < videos && player.t < player.endMs; i++) {
			SimCatalog.Video video = catalog.videos().get(random.nextInt(catalog.videos().size()));
			long startAt = (random.nextDouble() < 0.2) ? random.nextLong(video.durationMs() / 2) / 1000 * 1000 : 0;
			player.play(video, startAt, player.devices.get(random.nextInt(player.devices.size())));
			player.t += 10_000 + random.nextLong(600_000);
		}
		return player.emitted;
	}

	/** One video from {@code positionMs} on one device, and on others it moves to. */
	private void play(SimCatalog.Video video, long positionMs, Device on) {
		long p = positionMs;
		Device current = on;
		while (current != null) {
			p = playback(video, p, current);
			current = (p >= 0) ? otherDevice(current) : null;
		}
	}

	/**
	 * One playback; the position it reached when the viewer moves to another device, or
	 * -1 when it ended (end of video, viewer left, simulation over).
	 */
	private long playback(SimCatalog.Video video, long fromMs, Device on) {
		this.device = on;
		this.playbacks++;
		this.playbackId = this.userId + "-pb" + this.playbacks;
		this.seq = 0;
		this.videoId = video.id();
		this.videoDurationMs = video.durationMs();
		long p = fromMs;
		emit(EventType.START, p, null, null);
		if (this.random.nextDouble() < 0.5 && !adBreak(p)) {
			return -1;
		}
		boolean midRoll = video.durationMs() >= 5 * 60_000 && this.random.nextDouble() < 0.5;
		long midRollAt = video.durationMs() / 2;
		while (true) {
			if (this.t >= this.endMs) {
				return -1;
			}
			double action = this.random.nextDouble();
			if (action < 0.02) {
				emit(EventType.PAUSE, p, null, null);
				// now and then a pause long enough (over 30 min) to split the session
				this.t += (this.random.nextDouble() < 0.03) ? 31 * 60_000 + this.random.nextLong(600_000)
						: 2_000 + this.random.nextLong(90_000);
				emit(EventType.RESUME, p, null, null);
			}
			else if (action < 0.035) {
				long to = Math.min(video.durationMs() - 1_000, p + 10_000 + this.random.nextLong(120_000));
				p = seek(p, Math.max(p, to));
			}
			else if (action < 0.05) {
				p = seek(p, Math.max(0, p - 5_000 - this.random.nextLong(120_000)));
			}
			else if (action < 0.053 && this.devices.size() > 1) {
				emit(EventType.STOP, p, null, null);
				this.t += 5_000 + this.random.nextLong(60_000);
				return p;
			}
			else if (action < 0.056) {
				// the viewer closes the app: no STOP, the session ends by silence
				return -1;
			}
			else {
				long step = Math.min(5_000, video.durationMs() - p);
				this.t += Math.max(1, step + this.random.nextLong(-40, 41));
				p += step;
				emit(EventType.HEARTBEAT, p, null, null);
				if (midRoll && p >= midRollAt) {
					midRoll = false;
					if (!adBreak(p)) {
						return -1;
					}
				}
				if (p >= video.durationMs()) {
					this.t += 200;
					emit(EventType.STOP, p, null, null);
					return -1;
				}
			}
		}
	}

	private long seek(long from, long to) {
		this.t += 300 + this.random.nextLong(700);
		Long fromPosition = (this.random.nextDouble() < 0.8) ? from : null;
		emit(EventType.SEEK, to, fromPosition, null);
		return to;
	}

	/**
	 * An ad break at content position {@code p}: one ad watched to the end, skipped after
	 * 5 s or abandoned, maybe clicked; then the content resumes. False when the viewer
	 * left during it.
	 */
	private boolean adBreak(long p) {
		SimCatalog.Ad ad = this.catalog.ads().get(this.random.nextInt(this.catalog.ads().size()));
		String adPlaybackId = this.playbackId + "-ad" + this.seq;
		double outcome = this.random.nextDouble();
		long skipAt = (outcome < 0.3) ? 5_000 + this.random.nextLong(Math.max(1, ad.durationMs() - 5_000)) / 1000 * 1000
				: Long.MAX_VALUE;
		long leaveAt = (outcome >= 0.3 && outcome < 0.4) ? this.random.nextLong(ad.durationMs()) / 1000 * 1000
				: Long.MAX_VALUE;
		long clickAt = (this.random.nextDouble() < 0.1) ? this.random.nextLong(ad.durationMs()) / 1000 * 1000
				: Long.MAX_VALUE;
		this.t += 100;
		AdInfo info = new AdInfo(adPlaybackId, ad.id(), 0L, ad.durationMs(), null, null);
		emit(EventType.AD_START, p, null, info);
		long adPosition = 0;
		while (true) {
			if (this.t >= this.endMs || adPosition >= leaveAt) {
				return false;
			}
			if (adPosition >= clickAt) {
				emit(EventType.AD_CLICK, p, null, at(info, adPosition));
				clickAt = Long.MAX_VALUE;
			}
			if (adPosition >= skipAt) {
				emit(EventType.AD_SKIP, p, null, at(info, adPosition));
				break;
			}
			long step = Math.min(1_000, ad.durationMs() - adPosition);
			this.t += Math.max(1, step + this.random.nextLong(-15, 16));
			adPosition += step;
			if (adPosition >= ad.durationMs()) {
				emit(EventType.AD_COMPLETE, p, null, at(info, adPosition));
				break;
			}
			emit(EventType.AD_HEARTBEAT, p, null, at(info, adPosition));
		}
		this.t += 300;
		emit(EventType.RESUME, p, null, null);
		return true;
	}

	private static AdInfo at(AdInfo ad, long positionMs) {
		return new AdInfo(ad.getAdPlaybackId(), ad.getAdId(), positionMs, ad.getDurationMs(), null, null);
	}

	private Device otherDevice(Device current) {
		List<Device> others = this.devices.stream().filter((d) -> d != current).toList();
		return others.get(this.random.nextInt(others.size()));
	}

	private void emit(EventType type, long positionMs, Long fromPositionMs, AdInfo ad) {
		if (this.t > this.endMs) {
			// the simulation is over
			return;
		}
		Instant eventTime = Instant.ofEpochMilli(this.t + this.device.skewMs());
		Heartbeat event = Heartbeat.newBuilder()
			.setEventId(new UUID(this.random.nextLong(), this.random.nextLong()).toString())
			.setPlaybackId(this.playbackId)
			.setSeq(this.seq++)
			.setUserId(this.userId)
			.setDeviceId(this.device.id())
			.setVideoId(this.videoId)
			.setType(type)
			.setPositionMs(positionMs)
			.setFromPositionMs(fromPositionMs)
			.setVideoDurationMs(this.videoDurationMs)
			.setEventTime(eventTime)
			// stamped by ingest-api; the session rules do not read it
			.setReceivedAt(eventTime)
			.setCountry(this.country)
			.setDeviceType(this.device.type())
			.setAd(ad)
			.build();
		this.emitted.add(new Emitted(this.t, event));
	}

}
