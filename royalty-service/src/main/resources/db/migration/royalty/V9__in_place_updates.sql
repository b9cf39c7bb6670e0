-- Each new revision of a session updates its rows in place instead of deleting and inserting
-- its per-day rows, and no index of either table holds a column a revision changes: on
-- PostgreSQL, with room left in each page, the new row version is written beside the old one
-- without touching any index (a HOT update). YugabyteDB stores rows in its own LSM storage and
-- has no use for the setting, so it is left out there. The setting applies to pages written
-- from now on.
DO $$
BEGIN
    IF position('-YB-' IN version()) = 0 THEN
        ALTER TABLE session_usage SET (fillfactor = 80);
        ALTER TABLE session_daily_usage SET (fillfactor = 80);
        ALTER TABLE video_daily_usage SET (fillfactor = 70);
    END IF;
END
$$;

-- Statements count qualifying views from the start day's per-day row (its qualifying flag,
-- kept since V8) instead of this covering index, which held played_ms: every revision
-- changed an indexed column, so no update of a session row could be HOT.
DROP INDEX session_usage_video_started_played;
