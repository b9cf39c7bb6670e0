package dev.playback.localstack;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.playback.simulator.GroundTruth;
import dev.playback.simulator.Scenario;
import dev.playback.simulator.Simulation;
import dev.playback.simulator.SimulatorCli;
import dev.playback.simulator.Verifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hundreds of simulated viewers over virtual hours, on imperfect networks (lost,
 * duplicated, delayed and batched events, skewed clocks), through the whole local stack
 * on the real broker, registry and PostgreSQL: {@code verify} finds the services'
 * sessions, statements and ad reports equal to the ground truth, and finds a difference
 * when there is one.
 */
class SimulatorEndToEndIT {

	static LocalStack stack;

	@BeforeAll
	static void start() {
		stack = SharedStack.get();
	}

	@Test
	void theServicesAgreeWithTheGroundTruthOfThreeHundredViewersOverTwoHours() throws Exception {
		Duration hours = Duration.ofHours(2);
		Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(hours).minus(Duration.ofMinutes(15));
		Simulation simulation = new Simulation(new Scenario(42, "e2e", 300, start, hours, Scenario.Network.imperfect())
			.with(Scenario.Audience.withBots()));
		simulation.applyCatalog(stack.url("royalty-service"), stack.url("ad-metrics-service"), stack.operatorKey());

		Simulation.Result result = simulation.run(stack.url("ingest-api"), false, 0, 16, System.out::println);
		System.out.println(SimulatorCli.summary(result, Path.of("(not written)")));

		assertThat(result.rejected()).isEmpty();
		GroundTruth truth = result.truth();
		assertThat(truth.events()).as("lost events are not in the truth").isLessThan(simulation.plannedEvents());
		assertThat(result.eventsAccepted()).as("duplicates were sent").isGreaterThan(truth.events());
		assertThat(truth.sessions()).hasSizeGreaterThan(250);
		assertThat(truth.adRows()).isNotEmpty();
		Verifier verifier = new Verifier(new Verifier.Endpoints(stack.url("session-aggregator"),
				stack.url("royalty-service"), stack.url("ad-metrics-service"), stack.operatorKey()));
		List<String> differences = verifier.verify(truth, Duration.ofMinutes(2));
		System.out.println(SimulatorCli.verdict(truth, differences));
		assertThat(differences).as("differences from the ground truth").isEmpty();
		// the truth held to had bots of every kind and ads in and out of view in it
		assertThat(truth.sessions().values().stream().flatMap(List::stream).map(GroundTruth.Session::invalidTraffic))
			.contains("GIVT_BOT_AGENT", "GIVT_DATACENTER", "GIVT_ACTIVITY", null);
		assertThat(truth.statements().stream().flatMap((s) -> s.lines().stream()))
			.anyMatch((line) -> line.invalidTrafficHours().signum() > 0);
		assertThat(truth.adRows()).anyMatch((row) -> row.givtExcludedImpressions() > 0)
			.anyMatch((row) -> row.viewableImpressions() > 0)
			.anyMatch((row) -> row.measurableImpressions() > row.viewableImpressions())
			.anyMatch((row) -> row.impressions() > row.measurableImpressions());

		// and verify does see a difference: one session 1 ms off, one statement 1 cent
		// off
		Map<String, List<GroundTruth.Session>> sessions = new LinkedHashMap<>(truth.sessions());
		String user = sessions.keySet().iterator().next();
		List<GroundTruth.Session> userSessions = new ArrayList<>(sessions.get(user));
		GroundTruth.Session first = userSessions.get(0);
		userSessions.set(0,
				new GroundTruth.Session(first.sessionId(), first.videoId(), first.startedAt(), first.lastEventAt(),
						first.lastPositionMs(), first.segments(), first.uniqueWatchedMs(), first.playedMs() + 1,
						first.playedMsByDay(), first.ads(), first.invalidTraffic()));
		sessions.put(user, userSessions);
		List<GroundTruth.Statement> statements = new ArrayList<>(truth.statements());
		GroundTruth.Statement statement = statements.get(0);
		statements.set(0, new GroundTruth.Statement(statement.holderId(), statement.month(), statement.currency(),
				statement.lines(), statement.total().add(new BigDecimal("0.01"))));
		GroundTruth wrong = new GroundTruth(truth.prefix(), truth.events(), sessions, statements, truth.adRows());

		assertThat(verifier.differences(wrong)).containsExactlyInAnyOrder(
				"session " + first.sessionId() + " of " + user + ": playedMs is " + first.playedMs() + ", expected "
						+ (first.playedMs() + 1),
				"statement of " + statement.holderId() + " for " + statement.month() + ": total is "
						+ statement.total().toPlainString() + ", expected "
						+ statement.total().add(new BigDecimal("0.01")).toPlainString());
	}

}
