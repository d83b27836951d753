-- rebuild
-- Records once more, for two reasons. The office records its own work
-- (its promotion team's events, consultations at the judicial office,
-- mediations at the township's centre), booked to a village or to the
-- township itself: village_id NULL is the township's own. And the figures
-- now read their tallies (0015), which read the fields' JSON, so the
-- columns and the wide index 0009 to 0014 kept for them go: a field the
-- figures count is declared in mingbai.Kinds and nowhere else. Only topic
-- stays a column, for the inbox's topic filter.
CREATE TABLE records_next (
    id                TEXT PRIMARY KEY,     -- UUID made by the phone (or the desk)
    kind              TEXT NOT NULL,        -- a mingbai.Kinds kind
    author_id         TEXT NOT NULL REFERENCES users (id),
    device_id         TEXT REFERENCES devices (id),
    village_id        TEXT REFERENCES villages (id), -- NULL: the township's own
    occurred_on       TEXT NOT NULL,        -- YYYY-MM-DD in the township
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
    topic             TEXT AS (json_extract(fields, '$.topic')) VIRTUAL
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
