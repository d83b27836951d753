-- rebuild
-- Records again, once, for two reasons. The list of kinds leaves SQL: the
-- kinds are declared once, in mingbai.Kinds, and a CHECK here made a kind
-- added in Go fail on its first record. And the fields the figures group
-- and sum get columns named for what they hold (not g_a, g_b, ...), read
-- from the JSON whatever the kind, since a field means the same in every
-- kind that has it (a test holds mingbai.Kinds to that). They are VIRTUAL:
-- a row keeps its fields once, as JSON; the figures' index (below) keeps
-- the values it needs; and a field the figures read later is an ALTER
-- TABLE ... ADD COLUMN, not another rebuild.
CREATE TABLE records_next (
    id                TEXT PRIMARY KEY,     -- UUID made by the phone
    kind              TEXT NOT NULL,        -- a mingbai.Kinds kind
    author_id         TEXT NOT NULL REFERENCES users (id),
    device_id         TEXT REFERENCES devices (id),
    village_id        TEXT NOT NULL REFERENCES villages (id),
    occurred_on       TEXT NOT NULL,        -- YYYY-MM-DD in the village
    supersedes        TEXT REFERENCES records (id),
    refers_to         TEXT REFERENCES records (id),
    client_created_at TEXT NOT NULL DEFAULT '', -- the phone's clock, kept as data only
    fields            TEXT NOT NULL,        -- the kind's fields, canonical JSON
    content_hash      TEXT NOT NULL,        -- tells a duplicate from a conflict
    received_at       TEXT NOT NULL,
    seq               INTEGER NOT NULL,
    state             TEXT NOT NULL DEFAULT 'received' CHECK (state IN
        ('received', 'returned', 'approved', 'adopted', 'accepted', 'closed')),
    review            TEXT NOT NULL DEFAULT '', -- the office's latest comment
    reviewed_by       TEXT REFERENCES users (id),
    reviewed_at       TEXT,
    superseded        INTEGER NOT NULL DEFAULT 0, -- a correction replaced it (see 0007)
    topic          TEXT    AS (json_extract(fields, '$.topic')) VIRTUAL,
    asker_group    TEXT    AS (json_extract(fields, '$.asker_group')) VIRTUAL,
    dispute_kind   TEXT    AS (json_extract(fields, '$.dispute_kind')) VIRTUAL,
    audience       TEXT    AS (json_extract(fields, '$.audience')) VIRTUAL,
    outcome        TEXT    AS (json_extract(fields, '$.outcome')) VIRTUAL,
    people_reached INTEGER AS (json_extract(fields, '$.people_reached')) VIRTUAL,
    leaflets_bo    INTEGER AS (json_extract(fields, '$.leaflets_bo')) VIRTUAL,
    leaflets_zh    INTEGER AS (json_extract(fields, '$.leaflets_zh')) VIRTUAL,
    hours          REAL    AS (json_extract(fields, '$.hours')) VIRTUAL
) STRICT;
INSERT INTO records_next (id, kind, author_id, device_id, village_id, occurred_on, supersedes, refers_to,
    client_created_at, fields, content_hash, received_at, seq, state, review, reviewed_by, reviewed_at, superseded)
SELECT id, kind, author_id, device_id, village_id, occurred_on, supersedes, refers_to,
    client_created_at, fields, content_hash, received_at, seq, state, review, reviewed_by, reviewed_at, superseded
FROM records;
DROP TABLE records;
ALTER TABLE records_next RENAME TO records;

CREATE INDEX records_seq ON records (seq);
CREATE INDEX records_author ON records (author_id, seq);
CREATE INDEX records_village_kind ON records (village_id, kind, occurred_on);
CREATE INDEX records_kind_date ON records (kind, occurred_on);
CREATE INDEX records_supersedes ON records (supersedes);
CREATE INDEX records_refers_to ON records (refers_to);
CREATE INDEX records_attendance ON records (json_extract(fields, '$.session_id'), author_id) WHERE kind = 'attendance';
CREATE INDEX records_state_date ON records (state, occurred_on, received_at, id);
CREATE INDEX records_date ON records (occurred_on, received_at, id);
-- The records the figures count (current, not sent back), with every
-- column the figures group and sum: a year's figures over a million
-- records read this index alone and parse no JSON.
CREATE INDEX records_counted ON records
    (kind, occurred_on, village_id, topic, asker_group, dispute_kind, audience, outcome, state,
     people_reached, leaflets_bo, leaflets_zh, hours, author_id, superseded)
    WHERE superseded = 0 AND state <> 'returned';
