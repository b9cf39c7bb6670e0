-- Past months of a holder that received data (or catalog and rate-card changes) after they were
-- computed: the months an open statement must recompute for adjustments (docs/contract.md
-- section 3). Without it every read of an open statement recomputed every FINAL month before it.
-- version counts the changes, so that settling a month removes only what it saw.
CREATE TABLE late_usage (
    holder_id VARCHAR(64) NOT NULL,
    month     CHAR(7)     NOT NULL,
    version   BIGINT      NOT NULL,
    PRIMARY KEY (holder_id, month)
);

-- what was closed before this version: recomputed once, as it always was
INSERT INTO late_usage (holder_id, month, version) SELECT holder_id, month, 1 FROM statements;
