-- Statements closed as FINAL: frozen here and never recomputed. Data that arrives later for
-- a FINAL month shows as adjustment lines on the holder's next open statement, and is frozen
-- with it when that one closes.
CREATE TABLE statements (
    holder_id    VARCHAR(64)    NOT NULL REFERENCES license_holders (holder_id),
    month        CHAR(7)        NOT NULL,
    currency     CHAR(3)        NOT NULL,
    total        NUMERIC(20, 6) NOT NULL,
    finalized_at TIMESTAMPTZ    NOT NULL,
    PRIMARY KEY (holder_id, month)
);

-- The lines of FINAL statements. for_month = month for a statement's own lines; an earlier
-- month for an adjustment line carried on this statement.
CREATE TABLE statement_lines (
    holder_id        VARCHAR(64)    NOT NULL,
    month            CHAR(7)        NOT NULL,
    for_month        CHAR(7)        NOT NULL,
    video_id         VARCHAR(64)    NOT NULL,
    played_ms        BIGINT         NOT NULL,
    qualifying_views BIGINT         NOT NULL,
    unique_viewers   BIGINT         NOT NULL,
    amount           NUMERIC(20, 6) NOT NULL,
    PRIMARY KEY (holder_id, month, for_month, video_id),
    FOREIGN KEY (holder_id, month) REFERENCES statements (holder_id, month)
);

CREATE INDEX statement_lines_for_month ON statement_lines (holder_id, for_month);
