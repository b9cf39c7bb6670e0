package dev.playback.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

import dev.playback.schemas.EventType;
import dev.playback.schemas.Heartbeat;
import dev.playback.schemas.TrafficClass;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The viewers and their networks, without any server. */
class SimulationTest {

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	private static final Instant START = Instant.parse("2026-11-25T22:30:00Z");

	private final Scenario scenario = new Scenario(7, "t", 300, START, Duration.ofHours(3),
			Scenario.Network.imperfect());

	@Test
	void theSameScenarioSendsTheSameRequests() {
		assertThat(bodies(new Simulation(this.scenario))).isEqualTo(bodies(new Simulation(this.scenario)));
		Scenario otherSeed = new Scenario(8, "t", 300, START, Duration.ofHours(3), Scenario.Network.imperfect());
		assertThat(bodies(new Simulation(otherSeed))).isNotEqualTo(bodies(new Simulation(this.scenario)));
	}

	@Test
	void aContinuousAudienceHoldsItsRateWhereVisitorsThinOut() {
		Duration length = Duration.ofMinutes(45);
		Scenario visits = new Scenario(3, "s", 400, START, length, Duration.ofSeconds(15), Scenario.Network.perfect());
		Scenario continuous = visits.with(Scenario.Viewing.CONTINUOUS);
		// events per minute in minutes 5-15 (after the arrival) and 35-45
		double[] visitsRate = earlyAndLateRate(new Simulation(visits));
		double[] continuousRate = earlyAndLateRate(new Simulation(continuous));
		assertThat(visitsRate[1]).as("visitors left").isLessThan(0.5 * visitsRate[0]);
		assertThat(continuousRate[1]).as("a continuous audience's rate at the end against after its arrival")
			.isBetween(0.9 * continuousRate[0], 1.1 * continuousRate[0]);
		// and the same viewers still do what the contract describes (one heartbeat per 5
		// s)
		assertThat(continuousRate[0] / 60 / 400).isBetween(0.12, 0.22);
	}

	private static double[] earlyAndLateRate(Simulation simulation) {
		long at5 = simulation.eventsDueBy(START.plus(Duration.ofMinutes(5)).toEpochMilli());
		long at15 = simulation.eventsDueBy(START.plus(Duration.ofMinutes(15)).toEpochMilli());
		long at35 = simulation.eventsDueBy(START.plus(Duration.ofMinutes(35)).toEpochMilli());
		long at45 = simulation.eventsDueBy(START.plus(Duration.ofMinutes(45)).toEpochMilli());
		return new double[] { (at15 - at5) / 10.0, (at45 - at35) / 10.0 };
	}

	@Test
	void viewersDoEverythingTheContractDescribes() {
		List<Player.Emitted> all = new ArrayList<>();
		for (int viewer = 1; viewer <= this.scenario.viewers(); viewer++) {
			all.addAll(Player.watch(this.scenario, SimCatalog.of(this.scenario), viewer));
		}
		Set<EventType> types = EnumSet.noneOf(EventType.class);
		all.forEach((emitted) -> types.add(emitted.event().getType()));
		assertThat(types).containsExactlyInAnyOrder(EventType.values());
		List<Heartbeat> seeks = all.stream()
			.map(Player.Emitted::event)
			.filter((event) -> event.getType() == EventType.SEEK && event.getFromPositionMs() != null)
			.toList();
		assertThat(seeks).anyMatch((seek) -> seek.getPositionMs() < seek.getFromPositionMs());
		assertThat(seeks).anyMatch((seek) -> seek.getPositionMs() > seek.getFromPositionMs());
		assertThat(all).anyMatch((emitted) -> emitted.event().getType() == EventType.SEEK
				&& emitted.event().getFromPositionMs() == null);
		// a viewer moves to another device: the same video on two devices of one user
		Map<String, Set<String>> devicesByUserAndVideo = new HashMap<>();
		all.forEach((emitted) -> devicesByUserAndVideo
			.computeIfAbsent(emitted.event().getUserId() + " " + emitted.event().getVideoId(), (k) -> new HashSet<>())
			.add(emitted.event().getDeviceId()));
		assertThat(devicesByUserAndVideo.values()).anyMatch((devices) -> devices.size() > 1);
		// clocks are skewed: some eventTime differs from the true time
		assertThat(all).anyMatch((emitted) -> emitted.event().getEventTime().toEpochMilli() != emitted.atMs());
	}

	@Test
	void everyEventFollowsTheContractsFieldRules() {
		Simulation simulation = new Simulation(this.scenario);
		for (int viewer = 1; viewer <= 50; viewer++) {
			for (Player.Emitted emitted : Player.watch(this.scenario, simulation.catalog(), viewer)) {
				Heartbeat event = emitted.event();
				assertThat(event.getEventId()).matches(UUID);
				assertThat(List.of(event.getPlaybackId(), event.getUserId(), event.getVideoId(), event.getDeviceId()))
					.allMatch((id) -> ID.matcher(id).matches());
				assertThat(event.getSeq()).isNotNegative();
				assertThat(event.getPositionMs()).isNotNegative();
				assertThat(event.getPositionMs()).isLessThanOrEqualTo(event.getVideoDurationMs());
				assertThat(event.getAd() != null).as(event.toString())
					.isEqualTo(event.getType().name().startsWith("AD_"));
				assertThat(event.getEventTime()).isBefore(this.scenario.end().plusSeconds(91));
			}
		}
	}

	@Test
	void aPerfectNetworkSendsEveryEventOnceInOrder() {
		List<Player.Emitted> emitted = Player.watch(this.scenario, SimCatalog.of(this.scenario), 1);
		List<Delivery.Request> requests = Delivery.requests(emitted, Scenario.Network.perfect(), new Random(1),
				new Player.Client("agent", "198.51.100.1"));
		assertThat(requests).allMatch((request) -> request.events().size() == 1);
		assertThat(requests.stream().map((request) -> request.events().get(0)).toList())
			.isEqualTo(emitted.stream().map(Player.Emitted::event).toList());
		assertThat(requests).isSortedAccordingTo((a, b) -> Long.compare(a.sendAtMs(), b.sendAtMs()));
	}

	@Test
	void anImperfectNetworkLosesDuplicatesDelaysAndBatches() {
		Scenario.Network network = new Scenario.Network(0.05, 0.05, 0.05, 0.1, 0);
		long emitted = 0;
		List<Delivery.Request> requests = new ArrayList<>();
		boolean overtaken = false;
		for (int viewer = 1; viewer <= 20; viewer++) {
			List<Player.Emitted> events = Player.watch(this.scenario, SimCatalog.of(this.scenario), viewer);
			emitted += events.size();
			List<Delivery.Request> viewerRequests = Delivery.requests(events, network, new Random(viewer),
					new Player.Client("agent", "198.51.100.1"));
			for (int i = 1; i < viewerRequests.size(); i++) {
				overtaken |= viewerRequests.get(i - 1).sendAtMs() > viewerRequests.get(i).sendAtMs();
			}
			requests.addAll(viewerRequests);
		}
		List<Heartbeat> sent = requests.stream().flatMap((request) -> request.events().stream()).toList();
		Set<Heartbeat> distinct = new HashSet<>(sent);
		assertThat(distinct).as("lost events").hasSizeLessThan((int) emitted);
		assertThat(sent).as("duplicates").hasSizeGreaterThan(distinct.size());
		assertThat(requests).as("batches").anyMatch((request) -> request.events().size() > 1);
		assertThat(overtaken).as("a delayed request overtaken by a later one").isTrue();
	}

	@Test
	void aShareOfTheViewersAreBotsOfEveryKindAndTheTruthKnowsWhich() {
		Scenario withBots = this.scenario.with(Scenario.Audience.withBots());
		Simulation simulation = new Simulation(withBots);
		Map<Player.Kind, Integer> kinds = new EnumMap<>(Player.Kind.class);
		List<Heartbeat> all = new ArrayList<>();
		for (int viewer = 1; viewer <= withBots.viewers(); viewer++) {
			Player.Kind kind = Player.kind(withBots, viewer);
			kinds.merge(kind, 1, Integer::sum);
			Player.Client client = Player.client(withBots, viewer);
			List<Player.Emitted> emitted = Player.watch(withBots, simulation.catalog(), viewer);
			emitted.forEach((e) -> all.add(e.event()));
			TrafficClass expected = switch (kind) {
				case BOT_AGENT -> TrafficClass.GIVT_BOT_AGENT;
				case DATACENTER -> TrafficClass.GIVT_DATACENTER;
				default -> TrafficClass.VALID;
			};
			assertThat(emitted).allMatch((e) -> e.event().getTrafficClass() == expected);
			assertThat(client.forwardedFor())
				.startsWith((kind == Player.Kind.DATACENTER) ? "203.0.113." : "198.51.100.");
			assertThat(client.userAgent().contains("Googlebot") || client.userAgent().startsWith("python-requests"))
				.as(client.userAgent())
				.isEqualTo(kind == Player.Kind.BOT_AGENT);
		}
		assertThat(kinds.keySet()).containsExactlyInAnyOrder(Player.Kind.values());
		assertThat(kinds.get(Player.Kind.PERSON)).isGreaterThan(withBots.viewers() * 9 / 10);
		GroundTruth truth = GroundTruth.of("t", simulation.catalog(), all);
		assertThat(truth.sessions().values().stream().flatMap(List::stream).map(GroundTruth.Session::invalidTraffic))
			.contains("GIVT_BOT_AGENT", "GIVT_DATACENTER", "GIVT_ACTIVITY");
		// ads: every serving has its id; players on the web and on phones measure view
		List<Heartbeat> adEvents = all.stream().filter((e) -> e.getAd() != null).toList();
		assertThat(adEvents).allMatch((e) -> e.getAd().getAdServingId() != null);
		assertThat(adEvents).anyMatch((e) -> e.getAd().getViewablePercent() == null)
			.anyMatch((e) -> Integer.valueOf(100).equals(e.getAd().getViewablePercent()))
			.anyMatch((e) -> Integer.valueOf(30).equals(e.getAd().getViewablePercent()));
	}

	@Test
	void theTruthSplitsSessionsAfterThirtyMinutesOfSilence() {
		Simulation simulation = new Simulation(this.scenario);
		List<Heartbeat> all = new ArrayList<>();
		for (int viewer = 1; viewer <= this.scenario.viewers(); viewer++) {
			Player.watch(this.scenario, simulation.catalog(), viewer).forEach((e) -> all.add(e.event()));
		}
		GroundTruth truth = GroundTruth.of("t", simulation.catalog(), all);
		assertThat(truth.sessions().values().stream().flatMap(List::stream))
			.anyMatch((session) -> session.sessionId().endsWith("~2"));
		assertThat(truth.events()).isEqualTo(all.size());
	}

	private static List<String> bodies(Simulation simulation) {
		return simulation.requests()
			.stream()
			.map((request) -> request.sendAtMs() + " " + Json.events(request.events()))
			.toList();
	}

}
