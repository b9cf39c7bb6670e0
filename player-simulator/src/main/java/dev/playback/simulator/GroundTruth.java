package dev.playback.simulator;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.playback.rules.AdSummary;
import dev.playback.rules.SessionRules;
import dev.playback.rules.SessionSummary;
import dev.playback.schemas.Heartbeat;

/**
 * What the services must answer for the events a simulation got accepted, by the rules of
 * docs/contract.md: every user's sessions (section 2, by the rules' plain-Java
 * implementation that the aggregator's unit tests hold to each clause), every license
 * holder's statements (section 3) and every advertiser's hourly report rows per ad
 * (section 4), the last two computed here from the sessions with exact decimal
 * arithmetic.
 *
 * @param prefix the scenario's id prefix
 * @param events distinct events accepted
 * @param sessions each user's sessions
 * @param statements each holder's statement for each month with usage
 * @param adRows each advertiser's report rows by hour and ad
 */
public record GroundTruth(String prefix, long events, Map<String, List<Session>> sessions, List<Statement> statements,
		List<AdRow> adRows) {

	private static final BigDecimal MS_PER_HOUR = BigDecimal.valueOf(3_600_000);

	private static final long QUALIFYING_MS = 30_000;

	private static final long IMPRESSION_MS = 2_000;

	/**
	 * One session as the read API shows it.
	 *
	 * @param sessionId id
	 * @param videoId content
	 * @param startedAt first event's time
	 * @param lastEventAt last event's time
	 * @param lastPositionMs playhead at the last event
	 * @param segments watched intervals as {@code [start, end]} pairs
	 * @param uniqueWatchedMs their total length
	 * @param playedMs credited play
	 * @param playedMsByDay credited play by UTC day
	 * @param ads ad playbacks
	 * @param invalidTraffic why the session is general invalid traffic, null when valid
	 */
	public record Session(String sessionId, String videoId, Instant startedAt, Instant lastEventAt, long lastPositionMs,
			List<List<Long>> segments, long uniqueWatchedMs, long playedMs, Map<String, Long> playedMsByDay,
			List<Ad> ads, String invalidTraffic) {
	}

	/**
	 * One ad playback of a session.
	 *
	 * @param adPlaybackId id
	 * @param adId the ad
	 * @param durationMs its length
	 * @param startedAt its first event's time
	 * @param adPlayedMs credited ad play
	 * @param maxContinuousMs longest credited run
	 * @param maxPositionMs furthest credited playhead
	 * @param completed completed
	 * @param skipped skipped
	 * @param clicked clicked
	 * @param measurable every event carried viewablePercent
	 * @param viewable 2 continuous seconds at least half in view
	 * @param adServingId the ad server's id of the serving
	 */
	public record Ad(String adPlaybackId, String adId, long durationMs, Instant startedAt, long adPlayedMs,
			long maxContinuousMs, long maxPositionMs, boolean completed, boolean skipped, boolean clicked,
			boolean measurable, boolean viewable, String adServingId) {
	}

	/**
	 * A holder's statement for a month.
	 *
	 * @param holderId holder
	 * @param month {@code yyyy-MM}
	 * @param currency ISO 4217
	 * @param lines a line per video of the holder
	 * @param total sum of the line amounts
	 */
	public record Statement(String holderId, String month, String currency, List<Line> lines, BigDecimal total) {
	}

	/**
	 * A statement line.
	 *
	 * @param videoId video
	 * @param hoursStreamed hours, 6 decimals
	 * @param qualifyingViews sessions started in the month with at least 30 s played
	 * @param uniqueViewers distinct users with one
	 * @param amount money, rounded once
	 * @param invalidTrafficHours hours of invalid sessions, 6 decimals, in nothing else
	 */
	public record Line(String videoId, BigDecimal hoursStreamed, long qualifyingViews, long uniqueViewers,
			BigDecimal amount, BigDecimal invalidTrafficHours) {
	}

	/**
	 * A report row by UTC hour and ad.
	 *
	 * @param advertiserId advertiser
	 * @param bucket the hour
	 * @param adId the ad
	 * @param impressions ad playbacks with 2 s of continuous play
	 * @param starts ad playbacks
	 * @param firstQuartiles reached a quarter
	 * @param midpoints reached half
	 * @param thirdQuartiles reached three quarters
	 * @param completes completed
	 * @param skips skipped
	 * @param clicks clicked
	 * @param adPlayedMs credited ad play
	 * @param uniqueViewers distinct users with an impression
	 * @param givtExcludedImpressions impressions of invalid sessions, counted in nothing
	 * else
	 * @param measurableImpressions impressions whose every event carried viewablePercent
	 * @param viewableImpressions measurable impressions that were viewable
	 */
	public record AdRow(String advertiserId, Instant bucket, String adId, long impressions, long starts,
			long firstQuartiles, long midpoints, long thirdQuartiles, long completes, long skips, long clicks,
			long adPlayedMs, long uniqueViewers, long givtExcludedImpressions, long measurableImpressions,
			long viewableImpressions) {
	}

	/** The truth of the events accepted (duplicates included, counted once). */
	public static GroundTruth of(String prefix, SimCatalog catalog, List<Heartbeat> accepted) {
		Map<String, Map<String, List<Heartbeat>>> byUserAndPlayback = new TreeMap<>();
		Set<String> distinct = new HashSet<>();
		for (Heartbeat event : accepted) {
			if (distinct.add(event.getPlaybackId() + "#" + event.getSeq())) {
				byUserAndPlayback.computeIfAbsent(event.getUserId(), (user) -> new TreeMap<>())
					.computeIfAbsent(event.getPlaybackId(), (playback) -> new ArrayList<>())
					.add(event);
			}
		}
		Map<String, List<Session>> sessions = new TreeMap<>();
		List<Viewed> viewed = new ArrayList<>();
		byUserAndPlayback.forEach((user, playbacks) -> playbacks.forEach((playbackId, events) -> {
			String videoId = events.get(0).getVideoId();
			for (SessionSummary summary : SessionRules.sessions(events)) {
				Session session = session(videoId, summary);
				sessions.computeIfAbsent(user, (u) -> new ArrayList<>()).add(session);
				viewed.add(new Viewed(user, session));
			}
		}));
		return new GroundTruth(prefix, distinct.size(), sessions, statements(catalog, viewed), adRows(catalog, viewed));
	}

	/** Writes this truth as JSON, for {@code verify}. */
	public void write(Path file) throws IOException {
		Json.MAPPER.writeValue(file.toFile(), this);
	}

	/** A truth written by {@link #write}. */
	public static GroundTruth read(Path file) throws IOException {
		return Json.MAPPER.readValue(file.toFile(), GroundTruth.class);
	}

	/** A session and its viewer. */
	private record Viewed(String userId, Session session) {
	}

	private static Session session(String videoId, SessionSummary summary) {
		Map<String, Long> days = new LinkedHashMap<>();
		summary.playedMsByDay().forEach((day, ms) -> days.put(day.toString(), ms));
		return new Session(summary.sessionId(), videoId, summary.startedAt(), summary.lastEventAt(),
				summary.lastPositionMs(),
				summary.segments().stream().map((segment) -> List.of(segment.startMs(), segment.endMs())).toList(),
				summary.uniqueWatchedMs(), summary.playedMs(), days,
				summary.ads().stream().map(GroundTruth::ad).toList(),
				(summary.invalidTraffic() != null) ? summary.invalidTraffic().name() : null);
	}

	private static Ad ad(AdSummary ad) {
		return new Ad(ad.adPlaybackId(), ad.adId(), ad.durationMs(), ad.startedAt(), ad.adPlayedMs(),
				ad.maxContinuousMs(), ad.maxPositionMs(), ad.completed(), ad.skipped(), ad.clicked(), ad.measurable(),
				ad.viewable(), ad.adServingId());
	}

	private static List<Statement> statements(SimCatalog catalog, List<Viewed> viewed) {
		List<Statement> statements = new ArrayList<>();
		Set<YearMonth> months = new TreeSet<>();
		for (Viewed view : viewed) {
			view.session().playedMsByDay().keySet().forEach((day) -> months.add(YearMonth.from(LocalDate.parse(day))));
			months.add(YearMonth.from(view.session().startedAt().atZone(ZoneOffset.UTC)));
		}
		for (SimCatalog.Holder holder : catalog.holders()) {
			for (YearMonth month : months) {
				statements.add(statement(catalog, holder, month, viewed));
			}
		}
		return statements;
	}

	private static Statement statement(SimCatalog catalog, SimCatalog.Holder holder, YearMonth month,
			List<Viewed> viewed) {
		int minorUnits = Currency.getInstance(holder.currency()).getDefaultFractionDigits();
		List<Line> lines = new ArrayList<>();
		BigDecimal total = BigDecimal.ZERO.setScale(minorUnits);
		for (SimCatalog.Video video : catalog.videos()) {
			if (!video.holderId().equals(holder.id())) {
				continue;
			}
			long playedMs = 0;
			long invalidMs = 0;
			BigDecimal msTimesRate = BigDecimal.ZERO;
			long qualifying = 0;
			Set<String> viewers = new HashSet<>();
			for (Viewed view : viewed) {
				Session session = view.session();
				if (!session.videoId().equals(video.id())) {
					continue;
				}
				if (session.invalidTraffic() != null) {
					// in the invalid-traffic hours, in nothing else
					invalidMs += playedIn(month, session);
					continue;
				}
				for (Map.Entry<String, Long> day : session.playedMsByDay().entrySet()) {
					LocalDate date = LocalDate.parse(day.getKey());
					if (YearMonth.from(date).equals(month)) {
						playedMs += day.getValue();
						msTimesRate = msTimesRate
							.add(BigDecimal.valueOf(day.getValue()).multiply(rateOn(holder, date)));
					}
				}
				if (YearMonth.from(session.startedAt().atZone(ZoneOffset.UTC)).equals(month)
						&& session.playedMs() >= QUALIFYING_MS) {
					qualifying++;
					viewers.add(view.userId());
				}
			}
			BigDecimal amount = msTimesRate.divide(MS_PER_HOUR, minorUnits, RoundingMode.HALF_EVEN);
			lines.add(new Line(video.id(), hours(playedMs), qualifying, viewers.size(), amount, hours(invalidMs)));
			total = total.add(amount);
		}
		lines.sort(Comparator.comparing(Line::videoId));
		return new Statement(holder.id(), month.toString(), holder.currency(), lines, total);
	}

	private static BigDecimal hours(long playedMs) {
		return BigDecimal.valueOf(playedMs).divide(MS_PER_HOUR, 6, RoundingMode.HALF_EVEN);
	}

	private static long playedIn(YearMonth month, Session session) {
		return session.playedMsByDay()
			.entrySet()
			.stream()
			.filter((day) -> YearMonth.from(LocalDate.parse(day.getKey())).equals(month))
			.mapToLong(Map.Entry::getValue)
			.sum();
	}

	/** The rate of the card in force on {@code day}: the latest that started by then. */
	private static BigDecimal rateOn(SimCatalog.Holder holder, LocalDate day) {
		return holder.rateCards()
			.stream()
			.filter((card) -> !card.effectiveFrom().isAfter(day))
			.max(Comparator.comparing(SimCatalog.RateCard::effectiveFrom))
			.map(SimCatalog.RateCard::ratePerHour)
			.orElse(BigDecimal.ZERO);
	}

	private static List<AdRow> adRows(SimCatalog catalog, List<Viewed> viewed) {
		record Key(String advertiserId, Instant bucket, String adId) {
		}
		Map<Key, long[]> counts = new TreeMap<>(
				Comparator.comparing(Key::advertiserId).thenComparing(Key::bucket).thenComparing(Key::adId));
		Map<Key, Set<String>> viewers = new LinkedHashMap<>();
		for (Viewed view : viewed) {
			for (Ad ad : view.session().ads()) {
				var catalogAd = catalog.ad(ad.adId());
				if (catalogAd.isEmpty()) {
					continue;
				}
				String advertiser = catalog.campaign(catalogAd.get().campaignId()).orElseThrow().advertiserId();
				Key key = new Key(advertiser, ad.startedAt().truncatedTo(ChronoUnit.HOURS), ad.adId());
				boolean impression = ad.maxContinuousMs() >= IMPRESSION_MS;
				if (view.session().invalidTraffic() != null) {
					// an invalid session's impression is excluded, and counted as such
					if (impression) {
						counts.computeIfAbsent(key, (k) -> new long[12])[9]++;
					}
					continue;
				}
				long[] c = counts.computeIfAbsent(key, (k) -> new long[12]);
				long position = ad.maxPositionMs();
				long duration = ad.durationMs();
				c[0] += impression ? 1 : 0;
				c[1] += 1;
				c[2] += (4 * position >= duration) ? 1 : 0;
				c[3] += (2 * position >= duration) ? 1 : 0;
				c[4] += (4 * position >= 3 * duration) ? 1 : 0;
				c[5] += ad.completed() ? 1 : 0;
				c[6] += ad.skipped() ? 1 : 0;
				c[7] += ad.clicked() ? 1 : 0;
				c[8] += ad.adPlayedMs();
				c[10] += (impression && ad.measurable()) ? 1 : 0;
				c[11] += (impression && ad.measurable() && ad.viewable()) ? 1 : 0;
				if (impression) {
					viewers.computeIfAbsent(key, (k) -> new HashSet<>()).add(view.userId());
				}
			}
		}
		return counts.entrySet().stream().map((entry) -> {
			Key key = entry.getKey();
			long[] c = entry.getValue();
			return new AdRow(key.advertiserId(), key.bucket(), key.adId(), c[0], c[1], c[2], c[3], c[4], c[5], c[6],
					c[7], c[8], viewers.getOrDefault(key, Set.of()).size(), c[9], c[10], c[11]);
		}).collect(Collectors.toList());
	}

}
