-- General invalid traffic (docs/contract.md section 3): statements count valid sessions only
-- and show the hours of invalid ones apart. A session's reason, null while it is valid; its
-- per-day rows say which column of the rollup they are in; the rollup keeps both. Everything
-- before this migration was valid.
ALTER TABLE session_usage ADD COLUMN invalid_traffic VARCHAR(20);
ALTER TABLE session_daily_usage ADD COLUMN invalid BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE video_daily_usage ADD COLUMN invalid_played_ms BIGINT NOT NULL DEFAULT 0;
ALTER TABLE statement_lines ADD COLUMN invalid_played_ms BIGINT NOT NULL DEFAULT 0;
