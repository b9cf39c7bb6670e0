-- Evidence streamed in its own order (docs/contract.md section 3, "Evidence"): each per-day
-- row of a session carries what an evidence row shows of the session (its viewer, start,
-- revision, reason if invalid) and its month, so a line's sessions are one range of an index
-- already in (video, month, session) order: no join, no sort, no session held back. The
-- start day's row says whether the session is a qualifying view of its start month; a
-- qualifying session without play on its start day gets a row of 0 ms for that day.
ALTER TABLE session_daily_usage ADD COLUMN month DATE;
ALTER TABLE session_daily_usage ADD COLUMN user_id VARCHAR(64);
ALTER TABLE session_daily_usage ADD COLUMN started_at TIMESTAMPTZ;
ALTER TABLE session_daily_usage ADD COLUMN revision BIGINT;
ALTER TABLE session_daily_usage ADD COLUMN invalid_traffic VARCHAR(20);
ALTER TABLE session_daily_usage ADD COLUMN qualifying BOOLEAN NOT NULL DEFAULT FALSE;

UPDATE session_daily_usage d
SET month = CAST(date_trunc('month', d.day) AS DATE), user_id = s.user_id, started_at = s.started_at,
    revision = s.revision, invalid_traffic = s.invalid_traffic,
    qualifying = (d.day = CAST(s.started_at AT TIME ZONE 'UTC' AS DATE) AND s.invalid_traffic IS NULL
                  AND s.played_ms >= 30000)
FROM session_usage s
WHERE s.session_id = d.session_id;

INSERT INTO session_daily_usage (session_id, day, video_id, played_ms, invalid, month, user_id, started_at,
                                 revision, invalid_traffic, qualifying)
SELECT s.session_id, CAST(s.started_at AT TIME ZONE 'UTC' AS DATE), s.video_id, 0, FALSE,
       CAST(date_trunc('month', s.started_at AT TIME ZONE 'UTC') AS DATE), s.user_id, s.started_at, s.revision,
       NULL, TRUE
FROM session_usage s
WHERE s.invalid_traffic IS NULL AND s.played_ms >= 30000
  AND NOT EXISTS (SELECT 1 FROM session_daily_usage d
                  WHERE d.session_id = s.session_id AND d.day = CAST(s.started_at AT TIME ZONE 'UTC' AS DATE));

ALTER TABLE session_daily_usage ALTER COLUMN month SET NOT NULL;
ALTER TABLE session_daily_usage ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE session_daily_usage ALTER COLUMN started_at SET NOT NULL;
ALTER TABLE session_daily_usage ALTER COLUMN revision SET NOT NULL;

DROP INDEX session_daily_usage_video_day;
CREATE INDEX session_daily_usage_video_month ON session_daily_usage (video_id, month, session_id);
