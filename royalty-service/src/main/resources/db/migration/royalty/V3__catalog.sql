-- The catalog operators keep (CONTRACT.md section 3). Natural keys, no sequences.
CREATE TABLE license_holders (
    holder_id    VARCHAR(64)  PRIMARY KEY,
    name         VARCHAR(200) NOT NULL,
    -- SHA-256 of the holder's API key, hex; the key itself is shown once and never stored
    api_key_hash CHAR(64),
    updated_at   TIMESTAMPTZ  NOT NULL
);

CREATE UNIQUE INDEX license_holders_api_key ON license_holders (api_key_hash);

CREATE TABLE videos (
    video_id    VARCHAR(64)  PRIMARY KEY,
    holder_id   VARCHAR(64)  NOT NULL REFERENCES license_holders (holder_id),
    title       VARCHAR(300) NOT NULL,
    duration_ms BIGINT,
    updated_at  TIMESTAMPTZ  NOT NULL
);

CREATE INDEX videos_holder ON videos (holder_id, video_id);

CREATE TABLE rate_cards (
    holder_id      VARCHAR(64)   NOT NULL REFERENCES license_holders (holder_id),
    effective_from DATE          NOT NULL,
    currency       CHAR(3)       NOT NULL,
    rate_per_hour  NUMERIC(18, 6) NOT NULL,
    PRIMARY KEY (holder_id, effective_from)
);

-- statements read a month of sessions of a holder's videos
CREATE INDEX session_usage_video_started_played ON session_usage (video_id, started_at, played_ms, user_id);
