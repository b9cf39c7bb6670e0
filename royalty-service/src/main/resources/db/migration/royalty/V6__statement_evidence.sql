-- Statements a license holder can audit (docs/contract.md section 3).

-- A FINAL statement's digest (SHA-256 of its canonical CSV, hex) and whether its evidence
-- was frozen with it. Statements closed before this version have neither.
ALTER TABLE statements ADD COLUMN digest CHAR(64);
ALTER TABLE statements ADD COLUMN evidence_frozen BOOLEAN NOT NULL DEFAULT FALSE;

-- The title each line was closed with: a FINAL statement's CSV, and so its digest, never
-- changes when the catalog renames a video.
ALTER TABLE statement_lines ADD COLUMN title VARCHAR(300);

-- A holder's key for pseudonymous viewer ids (HMAC-SHA256 of the user id): stable for the
-- holder, different between holders, made the first time the holder's evidence is read.
ALTER TABLE license_holders ADD COLUMN viewer_key BYTEA;

-- The sessions behind FINAL statements, frozen with them: for_month = month for the
-- statement's own lines, an earlier month for the sessions behind an adjustment (their
-- differences to what was settled before). user_id stays here, never in an answer.
CREATE TABLE statement_evidence (
    holder_id         VARCHAR(64) NOT NULL,
    month             CHAR(7)     NOT NULL,
    for_month         CHAR(7)     NOT NULL,
    video_id          VARCHAR(64) NOT NULL,
    session_id        VARCHAR(80) NOT NULL,
    user_id           VARCHAR(64) NOT NULL,
    started_at        TIMESTAMPTZ NOT NULL,
    played_ms         BIGINT      NOT NULL,
    invalid_played_ms BIGINT      NOT NULL,
    qualifying        INTEGER     NOT NULL,
    invalid_traffic   VARCHAR(20),
    revision          BIGINT      NOT NULL,
    PRIMARY KEY (holder_id, month, for_month, video_id, session_id),
    FOREIGN KEY (holder_id, month) REFERENCES statements (holder_id, month)
);

-- what was settled for a month, summed over the statements that carry it
CREATE INDEX statement_evidence_for_month ON statement_evidence (holder_id, for_month, session_id);

-- a line's sessions by their days of play
CREATE INDEX session_daily_usage_video_day ON session_daily_usage (video_id, day);
