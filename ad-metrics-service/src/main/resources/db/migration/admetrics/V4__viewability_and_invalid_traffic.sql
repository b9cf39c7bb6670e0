-- Round 2 (docs/contract.md section 4): viewability per ad playback, invalid traffic per
-- session. The facts keep what the session said (measurable, viewable, the VAST
-- AdServingId for reconciliation, the session's invalid-traffic reason, null while valid);
-- the rollups count impressions of invalid sessions apart, in givt_excluded_impressions
-- and in nothing else, and the measurable and viewable impressions of valid ones. Facts
-- from before this migration came from events without a viewability measure: unmeasured,
-- valid.
ALTER TABLE ad_playback_facts ADD COLUMN measurable BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE ad_playback_facts ADD COLUMN viewable BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE ad_playback_facts ADD COLUMN ad_serving_id VARCHAR(128);
ALTER TABLE ad_playback_facts ADD COLUMN invalid_traffic VARCHAR(20);

ALTER TABLE ad_hourly ADD COLUMN givt_excluded_impressions BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ad_hourly ADD COLUMN measurable_impressions BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ad_hourly ADD COLUMN viewable_impressions BIGINT NOT NULL DEFAULT 0;
ALTER TABLE campaign_hourly ADD COLUMN givt_excluded_impressions BIGINT NOT NULL DEFAULT 0;
ALTER TABLE campaign_hourly ADD COLUMN measurable_impressions BIGINT NOT NULL DEFAULT 0;
ALTER TABLE campaign_hourly ADD COLUMN viewable_impressions BIGINT NOT NULL DEFAULT 0;
