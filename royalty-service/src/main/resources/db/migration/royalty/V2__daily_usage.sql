-- Played ms of one session on one UTC day, as the session's latest applied revision says.
-- Kept per session so that a new revision changes the rollup by exactly its difference.
CREATE TABLE session_daily_usage (
    session_id VARCHAR(80) NOT NULL,
    day        DATE        NOT NULL,
    video_id   VARCHAR(64) NOT NULL,
    played_ms  BIGINT      NOT NULL,
    PRIMARY KEY (session_id, day)
);

-- Played ms per video and UTC day over all sessions: what statements and the usage API read.
-- Natural key, no sequence; each applied revision adds its difference in the same transaction.
CREATE TABLE video_daily_usage (
    video_id  VARCHAR(64) NOT NULL,
    day       DATE        NOT NULL,
    played_ms BIGINT      NOT NULL,
    PRIMARY KEY (video_id, day)
);
