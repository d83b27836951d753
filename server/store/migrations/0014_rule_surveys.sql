-- Awareness surveys of adopted village rules (mingbai.RuleSurvey): the
-- figures sum the people asked and the people who knew the rule.
ALTER TABLE records ADD COLUMN asked INTEGER AS (json_extract(fields, '$.asked')) VIRTUAL;
ALTER TABLE records ADD COLUMN knew INTEGER AS (json_extract(fields, '$.knew')) VIRTUAL;
DROP INDEX records_counted;
CREATE INDEX records_counted ON records
    (kind, occurred_on, village_id, topic, asker_group, dispute_kind, audience, outcome, event_form, venue, speaker,
     service, enterprise_type, state, people_reached, leaflets_bo, leaflets_zh, leaflets_bilingual, hours, asked, knew,
     author_id, superseded)
    WHERE superseded = 0 AND state <> 'returned';
