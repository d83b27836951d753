-- Services to enterprises (mingbai.Enterprise): the figures count them by
-- what the service was and what kind of enterprise it served.
ALTER TABLE records ADD COLUMN service TEXT AS (json_extract(fields, '$.service')) VIRTUAL;
ALTER TABLE records ADD COLUMN enterprise_type TEXT AS (json_extract(fields, '$.enterprise_type')) VIRTUAL;
DROP INDEX records_counted;
CREATE INDEX records_counted ON records
    (kind, occurred_on, village_id, topic, asker_group, dispute_kind, audience, outcome, event_form, venue, speaker,
     service, enterprise_type, state, people_reached, leaflets_bo, leaflets_zh, leaflets_bilingual, hours, author_id,
     superseded)
    WHERE superseded = 0 AND state <> 'returned';
