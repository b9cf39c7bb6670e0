-- One row per viewing session: the latest applied revision of it. Keyed by the session id
-- (no sequence), so that replays upsert in place on PostgreSQL and YugabyteDB alike.
CREATE TABLE session_usage (
    session_id        VARCHAR(80)  PRIMARY KEY,
    revision          BIGINT       NOT NULL,
    user_id           VARCHAR(64)  NOT NULL,
    video_id          VARCHAR(64)  NOT NULL,
    started_at        TIMESTAMPTZ  NOT NULL,
    last_event_at     TIMESTAMPTZ  NOT NULL,
    played_ms         BIGINT       NOT NULL,
    unique_watched_ms BIGINT       NOT NULL,
    closed            BOOLEAN      NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL
);

CREATE INDEX session_usage_video_started ON session_usage (video_id, started_at);
