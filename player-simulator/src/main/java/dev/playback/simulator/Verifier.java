package dev.playback.simulator;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;

/**
 * Compares a simulation's ground truth with what the services answer over their APIs:
 * sessions from the aggregator's read API (exact), statements from royalty-service
 * (exact, money to the minor unit), hourly report rows per ad from ad-metrics-service
 * (exact counters; unique viewers within 2%, the sketch's promise).
 */
public final class Verifier {

	/** Unique viewers are an HLL estimate: within this fraction of the exact count. */
	static final double UNIQUE_VIEWERS_TOLERANCE = 0.02;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Endpoints endpoints;

	/**
	 * Where the services are.
	 *
	 * @param aggregatorUrl session-aggregator
	 * @param royaltyUrl royalty-service
	 * @param adMetricsUrl ad-metrics-service
	 * @param operatorKey the operator's API key (reads every holder's and advertiser's
	 * data)
	 */
	public record Endpoints(String aggregatorUrl, String royaltyUrl, String adMetricsUrl, String operatorKey) {
	}

	public Verifier(Endpoints endpoints) {
		this.endpoints = endpoints;
	}

	/**
	 * Compares until there is no difference or {@code patience} has passed (the services
	 * apply what was sent within seconds); the differences of the last attempt.
	 */
	public List<String> verify(GroundTruth truth, Duration patience) throws InterruptedException {
		long deadline = System.nanoTime() + patience.toNanos();
		List<String> differences = differences(truth);
		while (!differences.isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(2_000);
			differences = differences(truth);
		}
		return differences;
	}

	/** Every difference between the truth and the services' answers now. */
	public List<String> differences(GroundTruth truth) {
		List<String> differences = new ArrayList<>();
		try {
			sessions(truth, differences);
			statements(truth, differences);
			adReports(truth, differences);
		}
		catch (IOException | RuntimeException ex) {
			differences.add("could not read the services' answers: " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			differences.add("interrupted");
		}
		return differences;
	}

	private void sessions(GroundTruth truth, List<String> differences) throws IOException, InterruptedException {
		for (Map.Entry<String, List<GroundTruth.Session>> user : truth.sessions().entrySet()) {
			Map<String, JsonNode> actual = new HashMap<>();
			int offset = 0;
			int total;
			do {
				JsonNode page = get(this.endpoints.aggregatorUrl() + "/v1/users/" + user.getKey() + "/sessions?offset="
						+ offset + "&limit=100", null);
				total = page.get("total").asInt();
				for (JsonNode session : page.get("sessions")) {
					actual.put(session.get("sessionId").asString(), session);
				}
				offset += 100;
			}
			while (offset < total);
			for (GroundTruth.Session expected : user.getValue()) {
				JsonNode session = actual.remove(expected.sessionId());
				String where = "session " + expected.sessionId() + " of " + user.getKey();
				if (session == null) {
					differences.add(where + ": missing");
					continue;
				}
				compareSession(where, expected, session, differences);
			}
			// a part that a late event joined to the one before is left empty, on purpose
			actual.values()
				.stream()
				.filter((session) -> session.get("playedMs").asLong() != 0 || !session.get("segments").isEmpty()
						|| !session.get("ads").isEmpty())
				.forEach((session) -> differences
					.add("session " + session.get("sessionId").asString() + " of " + user.getKey() + ": unexpected"));
		}
	}

	private static void compareSession(String where, GroundTruth.Session expected, JsonNode actual,
			List<String> differences) {
		check(differences, where, "videoId", expected.videoId(), actual.get("videoId").asString());
		check(differences, where, "startedAt", expected.startedAt(), instant(actual.get("startedAt")));
		check(differences, where, "lastEventAt", expected.lastEventAt(), instant(actual.get("lastEventAt")));
		check(differences, where, "lastPositionMs", expected.lastPositionMs(), actual.get("lastPositionMs").asLong());
		List<List<Long>> segments = new ArrayList<>();
		actual.get("segments")
			.forEach(
					(segment) -> segments.add(List.of(segment.get("startMs").asLong(), segment.get("endMs").asLong())));
		check(differences, where, "segments", expected.segments(), segments);
		check(differences, where, "uniqueWatchedMs", expected.uniqueWatchedMs(),
				actual.get("uniqueWatchedMs").asLong());
		check(differences, where, "playedMs", expected.playedMs(), actual.get("playedMs").asLong());
		Map<String, Long> days = new LinkedHashMap<>();
		actual.get("playedMsByDay").properties().forEach((day) -> days.put(day.getKey(), day.getValue().asLong()));
		check(differences, where, "playedMsByDay", expected.playedMsByDay(), days);
		JsonNode invalid = actual.get("invalidTraffic");
		check(differences, where, "invalidTraffic", expected.invalidTraffic(),
				(invalid == null || invalid.isNull()) ? null : invalid.asString());
		Map<String, JsonNode> ads = new HashMap<>();
		actual.get("ads").forEach((ad) -> ads.put(ad.get("adPlaybackId").asString(), ad));
		for (GroundTruth.Ad ad : expected.ads()) {
			JsonNode got = ads.remove(ad.adPlaybackId());
			String adWhere = where + ", ad playback " + ad.adPlaybackId();
			if (got == null) {
				differences.add(adWhere + ": missing");
				continue;
			}
			GroundTruth.Ad actualAd = new GroundTruth.Ad(got.get("adPlaybackId").asString(), got.get("adId").asString(),
					got.get("durationMs").asLong(), instant(got.get("startedAt")), got.get("adPlayedMs").asLong(),
					got.get("maxContinuousMs").asLong(), got.get("maxPositionMs").asLong(),
					got.get("completed").asBoolean(), got.get("skipped").asBoolean(), got.get("clicked").asBoolean(),
					got.get("measurable").asBoolean(), got.get("viewable").asBoolean(),
					got.get("adServingId").isNull() ? null : got.get("adServingId").asString());
			check(differences, adWhere, "ad", ad, actualAd);
		}
		ads.keySet().forEach((id) -> differences.add(where + ", ad playback " + id + ": unexpected"));
	}

	private void statements(GroundTruth truth, List<String> differences) throws IOException, InterruptedException {
		for (GroundTruth.Statement expected : truth.statements()) {
			String where = "statement of " + expected.holderId() + " for " + expected.month();
			JsonNode statement = get(this.endpoints.royaltyUrl() + "/v1/license-holders/" + expected.holderId()
					+ "/statements/" + expected.month(), this.endpoints.operatorKey());
			check(differences, where, "currency", expected.currency(), statement.get("currency").asString());
			checkDecimal(differences, where, "total", expected.total(), statement.get("total").asString());
			Map<String, JsonNode> lines = new HashMap<>();
			statement.get("lines").forEach((line) -> lines.put(line.get("videoId").asString(), line));
			for (GroundTruth.Line line : expected.lines()) {
				JsonNode got = lines.remove(line.videoId());
				String lineWhere = where + ", video " + line.videoId();
				if (got == null) {
					differences.add(lineWhere + ": no line");
					continue;
				}
				checkDecimal(differences, lineWhere, "hoursStreamed", line.hoursStreamed(),
						got.get("hoursStreamed").asString());
				check(differences, lineWhere, "qualifyingViews", line.qualifyingViews(),
						got.get("qualifyingViews").asLong());
				check(differences, lineWhere, "uniqueViewers", line.uniqueViewers(), got.get("uniqueViewers").asLong());
				checkDecimal(differences, lineWhere, "amount", line.amount(), got.get("amount").asString());
				checkDecimal(differences, lineWhere, "invalidTrafficHours", line.invalidTrafficHours(),
						got.get("invalidTrafficHours").asString());
			}
			lines.keySet().forEach((video) -> differences.add(where + ", video " + video + ": unexpected line"));
		}
	}

	private void adReports(GroundTruth truth, List<String> differences) throws IOException, InterruptedException {
		Map<String, List<GroundTruth.AdRow>> byAdvertiser = new LinkedHashMap<>();
		truth.adRows()
			.forEach((row) -> byAdvertiser.computeIfAbsent(row.advertiserId(), (a) -> new ArrayList<>()).add(row));
		for (Map.Entry<String, List<GroundTruth.AdRow>> advertiser : byAdvertiser.entrySet()) {
			TreeSet<LocalDate> days = new TreeSet<>();
			advertiser.getValue().forEach((row) -> days.add(row.bucket().atZone(ZoneOffset.UTC).toLocalDate()));
			JsonNode report = get(this.endpoints.adMetricsUrl() + "/v1/advertisers/" + advertiser.getKey()
					+ "/reports/impressions?from=" + days.first() + "&to=" + days.last()
					+ "&granularity=hour&groupBy=ad", this.endpoints.operatorKey());
			Map<String, JsonNode> rows = new HashMap<>();
			report.get("rows")
				.forEach((row) -> rows
					.put(Instant.parse(row.get("bucket").asString()) + " " + row.get("group").asString(), row));
			for (GroundTruth.AdRow expected : advertiser.getValue()) {
				String key = expected.bucket() + " " + expected.adId();
				JsonNode got = rows.remove(key);
				String where = "report of " + advertiser.getKey() + ", " + key;
				if (got == null) {
					differences.add(where + ": no row");
					continue;
				}
				check(differences, where, "counters",
						List.of(expected.impressions(), expected.starts(), expected.firstQuartiles(),
								expected.midpoints(), expected.thirdQuartiles(), expected.completes(), expected.skips(),
								expected.clicks(), expected.adPlayedMs(), expected.givtExcludedImpressions(),
								expected.measurableImpressions(), expected.viewableImpressions()),
						List.of(got.get("impressions").asLong(), got.get("starts").asLong(),
								got.get("firstQuartiles").asLong(), got.get("midpoints").asLong(),
								got.get("thirdQuartiles").asLong(), got.get("completes").asLong(),
								got.get("skips").asLong(), got.get("clicks").asLong(), got.get("adPlayedMs").asLong(),
								got.get("givtExcludedImpressions").asLong(), got.get("measurableImpressions").asLong(),
								got.get("viewableImpressions").asLong()));
				long viewers = got.get("uniqueViewers").asLong();
				if (Math.abs(viewers - expected.uniqueViewers()) > UNIQUE_VIEWERS_TOLERANCE
						* expected.uniqueViewers()) {
					differences
						.add(where + ": uniqueViewers " + viewers + " is not within 2% of " + expected.uniqueViewers());
				}
			}
			rows.keySet()
				.forEach(
						(key) -> differences.add("report of " + advertiser.getKey() + ", " + key + ": unexpected row"));
		}
	}

	private JsonNode get(String url, String bearer) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.timeout(Duration.ofSeconds(30))
			.header("Accept", "application/json");
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IOException("GET " + url + " answered " + response.statusCode() + ": " + response.body());
		}
		return Json.MAPPER.readTree(response.body());
	}

	private static Instant instant(JsonNode node) {
		return (node == null || node.isNull()) ? null : Instant.parse(node.asString());
	}

	private static void check(List<String> differences, String where, String field, Object expected, Object actual) {
		if (!Objects.equals(expected, actual)) {
			differences.add(where + ": " + field + " is " + actual + ", expected " + expected);
		}
	}

	private static void checkDecimal(List<String> differences, String where, String field, BigDecimal expected,
			String actual) {
		if (actual == null || expected.compareTo(new BigDecimal(actual)) != 0) {
			differences.add(where + ": " + field + " is " + actual + ", expected " + expected.toPlainString());
		}
	}

}
