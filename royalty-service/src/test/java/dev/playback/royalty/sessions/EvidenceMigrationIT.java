package dev.playback.royalty.sessions;

import java.util.List;
import java.util.Map;

import dev.playback.infra.LocalInfrastructure;
import dev.playback.infra.PostgresServer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migration that puts evidence in its own order (V8), on a real PostgreSQL holding
 * the previous version's rows: every per-day row gets its session's viewer, start,
 * revision and reason and its month, the start day of a qualifying view says so, and a
 * qualifying view without play on its start day gets a row of 0 ms there.
 */
class EvidenceMigrationIT {

	static final LocalInfrastructure infra = LocalInfrastructure.shared();

	@Test
	void theRowsOfThePreviousVersionCarryWhatEvidenceShows() {
		PostgresServer postgres = infra.postgres();
		postgres.createDatabase("royalty_migration_it");
		DriverManagerDataSource database = new DriverManagerDataSource(postgres.jdbcUrl("royalty_migration_it"),
				postgres.username(), postgres.password());
		Flyway flyway = Flyway.configure()
			.dataSource(database)
			.locations("classpath:db/migration/royalty")
			.target("7")
			.cleanDisabled(false)
			.load();
		flyway.clean();
		flyway.migrate();
		JdbcTemplate jdbc = new JdbcTemplate(database);
		jdbc.update(
				"""
						INSERT INTO session_usage (session_id, revision, user_id, video_id, started_at, last_event_at, played_ms,
						                           unique_watched_ms, closed, updated_at, invalid_traffic)
						VALUES ('played', 3, 'u1', 'v1', '2025-05-10T20:00:00Z', '2025-05-10T21:00:00Z', 60000, 60000, true, now(), NULL),
						       ('late-start', 1, 'u2', 'v1', '2025-05-31T23:59:59Z', '2025-06-01T00:02:00Z', 60000, 60000, true, now(), NULL),
						       ('short', 1, 'u3', 'v1', '2025-05-12T08:00:00Z', '2025-05-12T08:01:00Z', 20000, 20000, true, now(), NULL),
						       ('bot', 2, 'u4', 'v1', '2025-05-13T08:00:00Z', '2025-05-13T09:00:00Z', 3600000, 3600000, true, now(),
						        'GIVT_BOT_AGENT')
						""");
		jdbc.update("""
				INSERT INTO session_daily_usage (session_id, day, video_id, played_ms, invalid)
				VALUES ('played', '2025-05-10', 'v1', 60000, false), ('late-start', '2025-06-01', 'v1', 60000, false),
				       ('short', '2025-05-12', 'v1', 20000, false), ('bot', '2025-05-13', 'v1', 3600000, true)
				""");

		Flyway.configure().dataSource(database).locations("classpath:db/migration/royalty").load().migrate();

		List<Map<String, Object>> rows = jdbc.queryForList("""
				SELECT session_id, CAST(day AS TEXT) AS day, CAST(month AS TEXT) AS month, user_id, revision,
				       invalid_traffic, qualifying, played_ms
				FROM session_daily_usage ORDER BY session_id, day
				""");
		assertThat(rows)
			.extracting((row) -> List.of(row.get("session_id"), row.get("day"), row.get("month"), row.get("user_id"),
					row.get("revision"), String.valueOf(row.get("invalid_traffic")), row.get("qualifying"),
					row.get("played_ms")))
			.containsExactly(List.of("bot", "2025-05-13", "2025-05-01", "u4", 2L, "GIVT_BOT_AGENT", false, 3_600_000L),
					List.of("late-start", "2025-05-31", "2025-05-01", "u2", 1L, "null", true, 0L),
					List.of("late-start", "2025-06-01", "2025-06-01", "u2", 1L, "null", false, 60_000L),
					List.of("played", "2025-05-10", "2025-05-01", "u1", 3L, "null", true, 60_000L),
					List.of("short", "2025-05-12", "2025-05-01", "u3", 1L, "null", false, 20_000L));
		assertThat(
				jdbc.queryForObject("SELECT COUNT(*) FROM session_daily_usage WHERE started_at IS NULL", Integer.class))
			.isZero();
	}

}
