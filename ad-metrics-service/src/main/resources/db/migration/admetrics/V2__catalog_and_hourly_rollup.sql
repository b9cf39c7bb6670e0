-- The catalog operators keep (CONTRACT.md section 4). Natural keys, no sequences.
CREATE TABLE advertisers (
    advertiser_id VARCHAR(64)  PRIMARY KEY,
    name          VARCHAR(200) NOT NULL,
    -- SHA-256 of the advertiser's API key, hex; the key itself is shown once and never stored
    api_key_hash  CHAR(64),
    updated_at    TIMESTAMPTZ  NOT NULL
);

CREATE UNIQUE INDEX advertisers_api_key ON advertisers (api_key_hash);

CREATE TABLE campaigns (
    campaign_id   VARCHAR(64)  PRIMARY KEY,
    advertiser_id VARCHAR(64)  NOT NULL REFERENCES advertisers (advertiser_id),
    name          VARCHAR(200) NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL
);

CREATE INDEX campaigns_advertiser ON campaigns (advertiser_id, campaign_id);

-- Ads of sessions may arrive before the ad is here: facts and rollups are kept by ad id and
-- attributed to a campaign when a report is read.
CREATE TABLE ads (
    ad_id       VARCHAR(64)  PRIMARY KEY,
    campaign_id VARCHAR(64)  NOT NULL REFERENCES campaigns (campaign_id),
    duration_ms BIGINT       NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL
);

CREATE INDEX ads_campaign ON ads (campaign_id, ad_id);

-- The session's country and device type on each fact, '' when the session named none, and
-- the campaign the catalog gave its ad ('' while the ad is unknown), so that replacing a
-- session's facts tells which rollup rows to change.
ALTER TABLE ad_playback_facts ADD COLUMN country VARCHAR(2) NOT NULL DEFAULT '';
ALTER TABLE ad_playback_facts ADD COLUMN device_type VARCHAR(16) NOT NULL DEFAULT '';
ALTER TABLE ad_playback_facts ADD COLUMN campaign_id VARCHAR(64) NOT NULL DEFAULT '';

CREATE INDEX ad_playback_facts_campaign_started ON ad_playback_facts (campaign_id, started_at);

-- One row: consumer transactions hold it shared while they attribute facts to campaigns,
-- catalog changes of ads hold it exclusively while they move facts between campaigns.
CREATE TABLE attribution (
    id    INTEGER PRIMARY KEY,
    epoch BIGINT  NOT NULL
);

INSERT INTO attribution (id, epoch) VALUES (1, 0);

-- Per ad (and per campaign, below), UTC hour of the ad playbacks' start, country and device
-- type: the section 4 counters, changed by each applied revision's difference, and an HLL
-- sketch (Apache DataSketches, lgK 14) of the users with an impression, merged across rows
-- when a report asks for a longer bucket or a coarser group. Databases from before this
-- version (never released) get no rollup for their facts; replay the sessions topic into a
-- fresh database instead.
CREATE TABLE ad_hourly (
    ad_id           VARCHAR(64) NOT NULL,
    hour            TIMESTAMPTZ NOT NULL,
    country         VARCHAR(2)  NOT NULL,
    device_type     VARCHAR(16) NOT NULL,
    starts          BIGINT      NOT NULL,
    impressions     BIGINT      NOT NULL,
    first_quartiles BIGINT      NOT NULL,
    midpoints       BIGINT      NOT NULL,
    third_quartiles BIGINT      NOT NULL,
    completes       BIGINT      NOT NULL,
    skips           BIGINT      NOT NULL,
    clicks          BIGINT      NOT NULL,
    ad_played_ms    BIGINT      NOT NULL,
    viewers         BYTEA       NOT NULL,
    PRIMARY KEY (ad_id, hour, country, device_type)
);

-- The same per campaign, so that reports by campaign, country or device type read one row
-- per campaign, hour and dimension however many ads the campaign has.
CREATE TABLE campaign_hourly (
    campaign_id     VARCHAR(64) NOT NULL,
    hour            TIMESTAMPTZ NOT NULL,
    country         VARCHAR(2)  NOT NULL,
    device_type     VARCHAR(16) NOT NULL,
    starts          BIGINT      NOT NULL,
    impressions     BIGINT      NOT NULL,
    first_quartiles BIGINT      NOT NULL,
    midpoints       BIGINT      NOT NULL,
    third_quartiles BIGINT      NOT NULL,
    completes       BIGINT      NOT NULL,
    skips           BIGINT      NOT NULL,
    clicks          BIGINT      NOT NULL,
    ad_played_ms    BIGINT      NOT NULL,
    viewers         BYTEA       NOT NULL,
    PRIMARY KEY (campaign_id, hour, country, device_type)
);
