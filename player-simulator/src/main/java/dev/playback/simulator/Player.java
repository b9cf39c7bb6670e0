package dev.playback.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.UUID;

import dev.playback.schemas.AdInfo;
import dev.playback.schemas.DeviceType;
import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.TrafficClass;

/**
 * One simulated viewer: arrives at some time, watches one to three videos on one of their
 * devices, pauses, seeks forward and back (rewatching), sometimes moves to another device
 * mid-video or leaves without a STOP, and sits through pre- and mid-roll ads that they
 * watch to the end, skip or click. Events follow docs/contract.md section 1: a HEARTBEAT
 * every 5 s of content, an AD_HEARTBEAT every 1 s of ad, each device's clock off by its
 * own skew. Players on the web and on phones measure how much of an ad is in view
 * (viewablePercent); every ad playback carries its ad server's AdServingId.
 * <p>
 * A share of the viewers (the scenario's {@link Scenario.Audience}) is general invalid
 * traffic: a bot that declares itself in its User-Agent, a viewer from a data-center
 * address, or a replay bot that sends three heartbeats a second. Their events carry the
 * traffic class ingest-api will stamp on them, so that the ground truth knows it.
 */
final class Player {

	/** What kind of viewer. */
	enum Kind {

		PERSON, BOT_AGENT, DATACENTER, REPLAY

	}

	/**
	 * What a viewer's requests say of it.
	 *
	 * @param userAgent its {@code User-Agent}
	 * @param forwardedFor the address a proxy in front of ingest-api forwards for it
	 */
	record Client(String userAgent, String forwardedFor) {
	}

	private static final String[] AGENTS = {
			"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
			"PlaybackDemo/2.3 (iPhone; iOS 18.1) CFNetwork/1568.200.51 Darwin/24.1.0", "okhttp/4.12.0",
			"Mozilla/5.0 (SMART-TV; Linux; Tizen 8.0) AppleWebKit/537.36 (KHTML, like Gecko) Version/8.0 TV Safari/537.36",
			"Roku/DVP-14.0 (14.0.0.4204-46)" };

	private static final String[] BOT_AGENTS = {
			"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "python-requests/2.32.3" };

	/** Three heartbeats a second, for two minutes. */
	private static final int REPLAY_EVENTS = 360;

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

	private final Kind kind;

	/** The current ad playback's viewability: the share in view at its next event. */
	private int inView;

	private Player(Random random, String userId, SimCatalog catalog, long endMs, long maxSkewMs, Kind kind) {
		this.kind = kind;
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

	/** Whether viewer number {@code viewer} is a person, or which kind of bot. */
	static Kind kind(Scenario scenario, int viewer) {
		// SplittableRandom mixes its seed: java.util.Random's first draws of nearby seeds
		// are
		// nearly the same
		double draw = new SplittableRandom(scenario.seed() * 7_919L + viewer).nextDouble();
		Scenario.Audience audience = scenario.audience();
		if (draw < audience.botAgentShare()) {
			return Kind.BOT_AGENT;
		}
		draw -= audience.botAgentShare();
		if (draw < audience.datacenterShare()) {
			return Kind.DATACENTER;
		}
		draw -= audience.datacenterShare();
		return (draw < audience.replayShare()) ? Kind.REPLAY : Kind.PERSON;
	}

	/**
	 * What the viewer's requests say of it: a person's player's agent (by its first
	 * device) from an address in TEST-NET-2, a bot's agent, or an address in the
	 * simulator's data-center range.
	 */
	static Client client(Scenario scenario, int viewer) {
		Kind kind = kind(scenario, viewer);
		// the same draws as the viewer's own, up to its devices
		Player player = new Player(new Random(scenario.seed() * 1_000_003L + viewer), "", null, 0,
				scenario.network().maxClockSkewMs(), kind);
		String address = ((kind == Kind.DATACENTER) ? "203.0.113." : "198.51.100.") + (1 + viewer % 254);
		String agent = (kind == Kind.BOT_AGENT) ? BOT_AGENTS[viewer % BOT_AGENTS.length]
				: AGENTS[player.devices.get(0).type().ordinal()];
		return new Client(agent, address);
	}

	/**
	 * The share of a continuous audience away in a pause over 30 minutes at any time:
	 * three pauses in a hundred are that long, a viewer pauses about every four minutes
	 * and is away 31-41 minutes then, so about a fifth of the audience is.
	 */
	private static final double AWAY_SHARE = 0.2;

	/** Everything one viewer does between its arrival and the end of the simulation. */
	static List<Emitted> watch(Scenario scenario, SimCatalog catalog, int viewer) {
		Random random = new Random(scenario.seed() * 1_000_003L + viewer);
		String userId = scenario.prefix() + "-user-" + viewer;
		Player player = new Player(random, userId, catalog, scenario.end().toEpochMilli(),
				scenario.network().maxClockSkewMs(), kind(scenario, viewer));
		player.t = scenario.start().toEpochMilli() + (long) (random.nextDouble() * scenario.arrivals().toMillis());
		if (player.kind == Kind.REPLAY) {
			player.replay(catalog.videos().get(random.nextInt(catalog.videos().size())));
			return player.emitted;
		}
		boolean continuous = scenario.viewing() == Scenario.Viewing.CONTINUOUS;
		if (continuous && random.nextDouble() < AWAY_SHARE) {
			// the audience as it is at any time: some of it away in a long pause, back at
			// some point in the next 36 minutes
			player.t += random.nextLong(36 * 60_000);
		}
		int videos = continuous ? Integer.MAX_VALUE : 1 + random.nextInt(3);
		for (int i = 0; i < videos && player.t < player.endMs; i++) {
			SimCatalog.Video video = catalog.videos().get(random.nextInt(catalog.videos().size()));
			long startAt = (random.nextDouble() < 0.2) ? random.nextLong(video.durationMs() / 2) / 1000 * 1000 : 0;
			player.play(video, startAt, player.devices.get(random.nextInt(player.devices.size())));
			player.t += 10_000 + random.nextLong(continuous ? 50_000 : 600_000);
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

	/** A replay bot: three heartbeats a second of one video, with nothing in between. */
	private void replay(SimCatalog.Video video) {
		this.device = this.devices.get(0);
		this.playbacks++;
		this.playbackId = this.userId + "-pb" + this.playbacks;
		this.videoId = video.id();
		this.videoDurationMs = video.durationMs();
		long p = 0;
		emit(EventType.START, p, null, null);
		for (int i = 1; i < REPLAY_EVENTS && p + 333 < video.durationMs(); i++) {
			this.t += 333;
			p += 333;
			emit(EventType.HEARTBEAT, p, null, null);
		}
		this.t += 333;
		emit(EventType.STOP, p, null, null);
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
		// the ad server's id of this serving, and how the ad sits in the page: in view
		// all along, half out of view for a while, or scrolled away after a few seconds
		String servingId = "srv-" + Long.toHexString(this.random.nextLong() & Long.MAX_VALUE);
		double placement = this.random.nextDouble();
		long outOfViewFrom = (placement < 0.6) ? Long.MAX_VALUE : this.random.nextLong(4) * 1_000;
		int outOfView = (placement < 0.8) ? 30 : 0;
		this.inView = (outOfViewFrom == 0) ? outOfView : 100;
		AdInfo info = new AdInfo(adPlaybackId, ad.id(), 0L, ad.durationMs(), null, servingId);
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
			this.inView = (adPosition >= outOfViewFrom) ? outOfView : 100;
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
		return new AdInfo(ad.getAdPlaybackId(), ad.getAdId(), positionMs, ad.getDurationMs(), null,
				ad.getAdServingId());
	}

	/** Whether the device's player measures viewability: on the web and on phones. */
	private boolean measures() {
		DeviceType type = this.device.type();
		return type == DeviceType.WEB || type == DeviceType.IOS || type == DeviceType.ANDROID;
	}

	/** The traffic class ingest-api stamps on this viewer's events. */
	private TrafficClass trafficClass() {
		return switch (this.kind) {
			case BOT_AGENT -> TrafficClass.GIVT_BOT_AGENT;
			case DATACENTER -> TrafficClass.GIVT_DATACENTER;
			default -> TrafficClass.VALID;
		};
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
		AdInfo measured = ad;
		if (ad != null && measures()) {
			measured = new AdInfo(ad.getAdPlaybackId(), ad.getAdId(), ad.getPositionMs(), ad.getDurationMs(),
					this.inView, ad.getAdServingId());
		}
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
			.setAd(measured)
			.setTrafficClass(trafficClass())
			.build();
		this.emitted.add(new Emitted(this.t, event));
	}

}
