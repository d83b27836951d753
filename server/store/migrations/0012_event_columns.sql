-- Promotion events say how they were held, where (法律八进), on which
-- topic, who spoke, and how many bilingual leaflets went out; the figures
-- read these as columns named for them, like 0009's, and the figures'
-- index holds them too.
ALTER TABLE records ADD COLUMN event_form TEXT AS (json_extract(fields, '$.event_form')) VIRTUAL;
ALTER TABLE records ADD COLUMN venue TEXT AS (json_extract(fields, '$.venue')) VIRTUAL;
ALTER TABLE records ADD COLUMN speaker TEXT AS (json_extract(fields, '$.speaker')) VIRTUAL;
ALTER TABLE records ADD COLUMN leaflets_bilingual INTEGER AS (json_extract(fields, '$.leaflets_bilingual')) VIRTUAL;
DROP INDEX records_counted;
CREATE INDEX records_counted ON records
    (kind, occurred_on, village_id, topic, asker_group, dispute_kind, audience, outcome, event_form, venue, speaker,
     state, people_reached, leaflets_bo, leaflets_zh, leaflets_bilingual, hours, author_id, superseded)
    WHERE superseded = 0 AND state <> 'returned';
