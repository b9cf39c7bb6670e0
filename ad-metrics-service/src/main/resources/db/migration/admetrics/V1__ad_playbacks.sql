-- Per viewing session: the latest applied revision. Keyed by the session id (no sequence),
-- so that replays upsert in place on PostgreSQL and YugabyteDB alike.
CREATE TABLE session_ads (
    session_id   VARCHAR(80)  PRIMARY KEY,
    revision     BIGINT       NOT NULL,
    user_id      VARCHAR(64)  NOT NULL,
    video_id     VARCHAR(64)  NOT NULL,
    country      VARCHAR(2),
    device_type  VARCHAR(16),
    ad_playbacks INTEGER      NOT NULL,
    updated_at   TIMESTAMPTZ  NOT NULL
);

-- The ad playbacks of that revision, replaced with it.
CREATE TABLE ad_playback_facts (
    session_id        VARCHAR(80)  NOT NULL,
    ad_playback_id    VARCHAR(64)  NOT NULL,
    ad_id             VARCHAR(64)  NOT NULL,
    user_id           VARCHAR(64)  NOT NULL,
    started_at        TIMESTAMPTZ  NOT NULL,
    duration_ms       BIGINT       NOT NULL,
    ad_played_ms      BIGINT       NOT NULL,
    max_continuous_ms BIGINT       NOT NULL,
    max_position_ms   BIGINT       NOT NULL,
    completed         BOOLEAN      NOT NULL,
    skipped           BOOLEAN      NOT NULL,
    clicked           BOOLEAN      NOT NULL,
    PRIMARY KEY (session_id, ad_playback_id)
);

CREATE INDEX ad_playback_facts_ad_started ON ad_playback_facts (ad_id, started_at);
