package dev.playback.royalty.faults;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import dev.playback.infra.ConsumerGroups;
import dev.playback.infra.LocalInfrastructure;
import dev.playback.infra.TcpProxy;
import dev.playback.royalty.RoyaltyServiceApplication;
import dev.playback.schemas.AvroSerdes;
import dev.playback.schemas.DailyPlay;
import dev.playback.schemas.Topics;
import dev.playback.schemas.ViewingSession;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * royalty-service when things go wrong, on the real broker and PostgreSQL: counts in
 * equal counts out. (ad-metrics-service consumes through the same SessionBatches and
 * listener factory.)
 */
class ConsumerFaultsIT {

	static final LocalInfrastructure infra = LocalInfrastructure.shared();

	@Test
	void theDatabaseAwayForThirtySecondsLosesNoRevisionAndCountsNoneTwice() throws Exception {
		String group = "royalty-outage-" + UUID.randomUUID();
		String prefix = "outage-" + UUID.randomUUID() + "-";
		try (ConfigurableApplicationContext app = start(group, "royalty_outage_it")) {
			JdbcClient jdbc = app.getBean(JdbcClient.class);
			send(sessions(prefix, 0, 200, 1));
			ConsumerGroups.awaitCaughtUp(infra.kafkaBootstrapServers(), group, Topics.SESSIONS, Duration.ofSeconds(60));
			assertThat(revisions(jdbc, prefix)).isEqualTo(200);

			infra.postgres().stop();
			try {
				send(sessions(prefix, 0, 200, 2));
				send(sessions(prefix, 200, 400, 1));
				// the outage itself: 30 s with the database away, not a wait for a
				// condition
				Thread.sleep(30_000);
				assertThat(app.isRunning()).as("the service rides out the outage").isTrue();
			}
			finally {
				infra.postgres().startAgain();
			}
			ConsumerGroups.awaitCaughtUp(infra.kafkaBootstrapServers(), group, Topics.SESSIONS, Duration.ofSeconds(90));
			assertThat(revisions(jdbc, prefix)).as("every revision applied once").isEqualTo(200 * 2 + 200);
			assertThat(playedOnDay(jdbc, prefix)).as("the rollup counts each session's latest revision once")
				.isEqualTo(expectedPlayed(0, 200, 2) + expectedPlayed(200, 400, 1));
		}
	}

	/**
	 * The network to the database breaks three ways in turn while revisions arrive: half
	 * a second more each way, a 20 s black hole (queries hang, nothing is refused),
	 * connections reset in the middle of transactions. The service rides each out by
	 * itself: every revision applied once, the rollup exact.
	 */
	@Test
	void theNetworkToTheDatabaseBreakingLosesNoRevisionAndCountsNoneTwice() throws Exception {
		String group = "royalty-network-" + UUID.randomUUID();
		String prefix = "network-" + UUID.randomUUID() + "-";
		try (TcpProxy database = TcpProxy.start("PostgreSQL", infra.postgres().port());
				ConfigurableApplicationContext app = start(group, "royalty_network_it",
						(args) -> database.reroute(args, infra.postgres().port()))) {
			JdbcClient jdbc = JdbcClient.create(direct("royalty_network_it"));
			send(sessions(prefix, 0, 200, 1));
			awaitCaughtUp(group);
			assertThat(revisions(jdbc, prefix)).isEqualTo(200);

			database.delay(Duration.ofMillis(500));
			long slowFrom = System.nanoTime();
			send(sessions(prefix, 0, 200, 2));
			awaitCaughtUp(group);
			long slowMillis = (System.nanoTime() - slowFrom) / 1_000_000;
			assertThat(revisions(jdbc, prefix)).as("after added latency").isEqualTo(400);
			database.heal();

			long recoveryMillis = throughABlackHole(database, sessions(prefix, 200, 400, 1), group, jdbc, prefix);
			assertThat(revisions(jdbc, prefix)).as("after a black hole").isEqualTo(600);

			// transactions take a little longer, so resets land in the middle of some
			database.delay(Duration.ofMillis(20));
			long connectionsBefore = database.acceptedConnections();
			send(sessions(prefix, 200, 400, 2));
			int resets = 0;
			for (int round = 0; round < 20 && revisions(jdbc, prefix) < 800; round++) {
				resets += database.resetConnections();
				Thread.sleep(300);
			}
			database.heal();
			awaitCaughtUp(group);
			assertThat(resets).as("connections reset").isPositive();
			assertThat(database.acceptedConnections()).as("the pool opened new connections")
				.isGreaterThan(connectionsBefore);
			assertThat(revisions(jdbc, prefix)).as("every revision applied once").isEqualTo(800);
			assertThat(playedOnDay(jdbc, prefix)).as("the rollup counts each session's latest revision once")
				.isEqualTo(expectedPlayed(0, 400, 2));
			assertThat(app.isRunning()).isTrue();
			System.out.printf("Database 500 ms farther: 200 revisions in %d ms; black-holed 20 s: caught up %d ms "
					+ "after it healed; %d connections reset mid-stream: %d new ones; 800 of 800 applied once%n",
					slowMillis, recoveryMillis, resets, database.acceptedConnections() - connectionsBefore);
		}
	}

	/**
	 * The network to Kafka breaks while revisions arrive: a 20 s black hole, then every
	 * connection reset once a second. The consumer recovers by itself: every revision
	 * applied once.
	 */
	@Test
	void theNetworkToKafkaBreakingLosesNoRevisionAndCountsNoneTwice() throws Exception {
		String group = "royalty-kafka-network-" + UUID.randomUUID();
		String prefix = "kafka-network-" + UUID.randomUUID() + "-";
		TcpProxy kafka = infra.kafka().link();
		try (ConfigurableApplicationContext app = start(group, "royalty_kafka_network_it",
				(args) -> kafka.reroute(args, infra.kafka().port()))) {
			JdbcClient jdbc = JdbcClient.create(direct("royalty_kafka_network_it"));
			send(sessions(prefix, 0, 200, 1));
			awaitCaughtUp(group);
			assertThat(revisions(jdbc, prefix)).isEqualTo(200);

			long recoveryMillis = throughABlackHole(kafka, sessions(prefix, 0, 200, 2), group, jdbc, prefix);
			assertThat(revisions(jdbc, prefix)).as("after a black hole").isEqualTo(400);

			send(sessions(prefix, 200, 400, 1));
			int resets = 0;
			for (int round = 0; round < 5; round++) {
				resets += kafka.resetConnections();
				Thread.sleep(1_000);
			}
			send(sessions(prefix, 200, 400, 2));
			awaitCaughtUp(group);
			assertThat(resets).as("connections reset").isPositive();
			assertThat(revisions(jdbc, prefix)).as("every revision applied once").isEqualTo(800);
			assertThat(playedOnDay(jdbc, prefix)).as("the rollup counts each session's latest revision once")
				.isEqualTo(expectedPlayed(0, 400, 2));
			System.out.printf("Kafka black-holed 20 s: caught up %d ms after it healed; %d connections reset: "
					+ "800 of 800 revisions applied once%n", recoveryMillis, resets);
		}
		finally {
			kafka.heal();
		}
	}

	@Test
	void aServiceRestartedInTheMiddleOfABacklogCountsNothingTwice() throws Exception {
		String group = "royalty-restart-" + UUID.randomUUID();
		String prefix = "restart-" + UUID.randomUUID() + "-";
		List<ViewingSession> backlog = new ArrayList<>(sessions(prefix, 0, 3_000, 1));
		backlog.addAll(sessions(prefix, 0, 3_000, 2));
		send(backlog);
		try (ConfigurableApplicationContext first = start(group, "royalty_restart_it")) {
			JdbcClient jdbc = first.getBean(JdbcClient.class);
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> revisions(jdbc, prefix) > 0);
		}
		try (ConfigurableApplicationContext second = start(group, "royalty_restart_it")) {
			JdbcClient jdbc = second.getBean(JdbcClient.class);
			ConsumerGroups.awaitCaughtUp(infra.kafkaBootstrapServers(), group, Topics.SESSIONS, Duration.ofSeconds(90));
			assertThat(revisions(jdbc, prefix)).isEqualTo(3_000 * 2);
			assertThat(playedOnDay(jdbc, prefix)).isEqualTo(expectedPlayed(0, 3_000, 2));
		}
	}

	/**
	 * A service instance started while the registry is away, with revisions waiting on
	 * the topic in a schema it has not looked up yet: it applies none of them and
	 * dead-letters none (before, every one went to the dead-letter topic: money that
	 * never reached a statement), and once the registry is back applies all of them,
	 * once.
	 */
	@Test
	void aServiceStartedWhileTheRegistryIsAwayWaitsForItAndLosesNoRevision() throws Exception {
		String group = "royalty-registry-" + UUID.randomUUID();
		String prefix = "registry-" + UUID.randomUUID() + "-";
		send(sessions(prefix, 0, 200, 1));
		infra.registry().stop();
		try (ConfigurableApplicationContext app = start(group, "royalty_registry_it")) {
			JdbcClient jdbc = app.getBean(JdbcClient.class);
			long back;
			try {
				// the outage itself: 20 s with the registry away, not a wait for a
				// condition
				Thread.sleep(20_000);
				assertThat(revisions(jdbc, prefix)).as("nothing applied without the schema").isZero();
				assertThat(app.isRunning()).isTrue();
			}
			finally {
				infra.registry().start();
				back = System.nanoTime();
			}
			awaitCaughtUp(group);
			assertThat(revisions(jdbc, prefix)).as("every revision applied, none dead-lettered").isEqualTo(200);
			assertThat(playedOnDay(jdbc, prefix)).isEqualTo(expectedPlayed(0, 200, 1));
			System.out.printf("Royalty started with the registry away: 200 of 200 revisions applied %d ms after "
					+ "it was back%n", (System.nanoTime() - back) / 1_000_000);
		}
		finally {
			// a no-op when it runs
			infra.registry().start();
		}
	}

	private static ConfigurableApplicationContext start(String group, String database) {
		return start(group, database, UnaryOperator.identity());
	}

	private static ConfigurableApplicationContext start(String group, String database, UnaryOperator<String[]> route) {
		return RoyaltyServiceApplication.application()
			.run(route.apply(infra.serviceArguments("playback.royalty", database, "--server.port=0",
					"--spring.main.banner-mode=off", "--spring.kafka.consumer.group-id=" + group,
					"--spring.datasource.hikari.connection-timeout=3000")));
	}

	/**
	 * Sends {@code revisions} into a 20 s black hole of {@code proxy}, checks that none
	 * is applied meanwhile, heals it and waits until the group has caught up.
	 * @return milliseconds from the heal to caught up
	 */
	private static long throughABlackHole(TcpProxy proxy, List<ViewingSession> revisions, String group, JdbcClient jdbc,
			String prefix) throws Exception {
		long before = revisions(jdbc, prefix);
		proxy.blackHole();
		send(revisions);
		// the fault itself: 20 s of a silent network, not a wait for a condition
		Thread.sleep(20_000);
		assertThat(revisions(jdbc, prefix)).as("nothing passes a black hole").isEqualTo(before);
		long healed = System.nanoTime();
		proxy.heal();
		awaitCaughtUp(group);
		return (System.nanoTime() - healed) / 1_000_000;
	}

	/** The test's own connection, not through the service's network. */
	private static DataSource direct(String database) {
		return new DriverManagerDataSource(infra.postgres().jdbcUrl(database), infra.postgres().username(),
				infra.postgres().password());
	}

	private static void awaitCaughtUp(String group) throws InterruptedException {
		ConsumerGroups.awaitCaughtUp(infra.kafkaBootstrapServers(), group, Topics.SESSIONS, Duration.ofSeconds(120));
	}

	/**
	 * Sum of the stored revisions of the test's sessions: each applied revision counts 1.
	 */
	private static long revisions(JdbcClient jdbc, String prefix) {
		return jdbc.sql("SELECT COALESCE(SUM(revision), 0) FROM session_usage WHERE session_id LIKE :prefix")
			.param("prefix", prefix + "%")
			.query(Long.class)
			.single();
	}

	private static long playedOnDay(JdbcClient jdbc, String prefix) {
		return jdbc.sql("SELECT COALESCE(SUM(played_ms), 0) FROM video_daily_usage WHERE video_id = :video")
			.param("video", prefix + "video")
			.query(Long.class)
			.single();
	}

	private static long expectedPlayed(int from, int to, int revision) {
		long sum = 0;
		for (int i = from; i < to; i++) {
			sum += played(i, revision);
		}
		return sum;
	}

	private static long played(int i, int revision) {
		return 1_000L * (i % 7 + 1) * revision;
	}

	private static List<ViewingSession> sessions(String prefix, int from, int to, int revision) {
		Instant start = Instant.parse("2026-09-01T10:00:00Z");
		List<ViewingSession> sessions = new ArrayList<>();
		for (int i = from; i < to; i++) {
			long played = played(i, revision);
			sessions.add(ViewingSession.newBuilder()
				.setSessionId(prefix + i)
				.setPlaybackId(prefix + i)
				.setRevision(revision)
				.setUserId("user-" + i)
				.setVideoId(prefix + "video")
				.setStartedAt(start)
				.setLastEventAt(start.plusMillis(played))
				.setLastPositionMs(played)
				.setSegments(List.of())
				.setUniqueWatchedMs(played)
				.setPlayedMs(played)
				.setPlayedMsByDay(List.of(new DailyPlay(LocalDate.parse("2026-09-01"), played)))
				.setAds(List.of())
				.setEventCount(revision)
				.setClosed(revision == 2)
				.build());
		}
		return sessions;
	}

	private static void send(List<ViewingSession> sessions) throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()))) {
			if (!admin.listTopics().names().get().contains(Topics.SESSIONS)) {
				admin.createTopics(List.of(Topics.spec(Topics.SESSIONS).toNewTopic(1))).all().get();
			}
		}
		try (KafkaProducer<String, ViewingSession> producer = AvroSerdes.producer(infra.registry().apiUrl(),
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()))) {
			for (ViewingSession session : sessions) {
				producer.send(new ProducerRecord<>(Topics.SESSIONS, session.getSessionId(), session));
			}
			producer.flush();
		}
	}

}
