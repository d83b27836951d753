-- Field records made on residents' phones, the conflicts the office must
-- see, and the training sessions residents check in to.

-- The office's training sessions for legal-savvy residents. A session's
-- check-in code is what its QR code carries.
CREATE TABLE training_sessions (
    id         TEXT PRIMARY KEY,            -- UUIDv7
    title      TEXT NOT NULL,
    held_on    TEXT NOT NULL,               -- YYYY-MM-DD
    place      TEXT NOT NULL DEFAULT '',
    hours      REAL NOT NULL,
    code       TEXT NOT NULL UNIQUE,        -- check-in code, in the QR code
    created_by TEXT REFERENCES users (id),   -- NULL when made by the command line or a test
    created_at TEXT NOT NULL,
    seq        INTEGER NOT NULL             -- devices pull sessions to check in offline
) STRICT;
CREATE INDEX training_sessions_seq ON training_sessions (seq);

-- A record is never edited in place: a correction is a new record that
-- supersedes it. Only the office's review (state, comment) changes, and
-- each change takes a new seq so the resident's phone pulls it.
CREATE TABLE records (
    id                TEXT PRIMARY KEY,     -- UUID made by the phone
    kind              TEXT NOT NULL CHECK (kind IN
        ('consultation', 'mediation', 'event', 'attendance', 'rule_revision', 'followup')),
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
    -- The few fields the office's figures group and sum, named once here
    -- and kept beside the JSON, so the figures index can hold them (see
    -- 0007); computed by SQLite, never written by the code.
    g_a      TEXT AS (CASE kind
        WHEN 'consultation' THEN json_extract(fields, '$.topic')
        WHEN 'mediation' THEN json_extract(fields, '$.dispute_kind')
        WHEN 'event' THEN json_extract(fields, '$.audience') END) STORED,
    g_b      TEXT AS (CASE kind
        WHEN 'consultation' THEN json_extract(fields, '$.asker_group')
        WHEN 'mediation' THEN json_extract(fields, '$.outcome') END) STORED,
    g_c      TEXT AS (CASE kind WHEN 'consultation' THEN json_extract(fields, '$.outcome') END) STORED,
    g_people INTEGER AS (CASE kind WHEN 'event' THEN json_extract(fields, '$.people_reached') END) STORED,
    g_bo     INTEGER AS (CASE kind WHEN 'event' THEN json_extract(fields, '$.leaflets_bo') END) STORED,
    g_zh     INTEGER AS (CASE kind WHEN 'event' THEN json_extract(fields, '$.leaflets_zh') END) STORED,
    g_hours  REAL AS (CASE kind WHEN 'attendance' THEN json_extract(fields, '$.hours') END) STORED
) STRICT;
CREATE INDEX records_seq ON records (seq);
CREATE INDEX records_author ON records (author_id, seq);
CREATE INDEX records_village_kind ON records (village_id, kind, occurred_on);
CREATE INDEX records_kind_date ON records (kind, occurred_on);
CREATE INDEX records_supersedes ON records (supersedes);
CREATE INDEX records_refers_to ON records (refers_to);
-- Attendance by training session, for the check-in counts and the rule
-- that a resident checks in to a session once.
CREATE INDEX records_attendance ON records (json_extract(fields, '$.session_id'), author_id) WHERE kind = 'attendance';

-- The same id pushed with other content: kept for the office, never
-- applied over the original.
CREATE TABLE record_conflicts (
    id           INTEGER PRIMARY KEY,
    record_id    TEXT NOT NULL,
    author_id    TEXT NOT NULL REFERENCES users (id),
    device_id    TEXT REFERENCES devices (id),
    kind         TEXT NOT NULL,
    occurred_on  TEXT NOT NULL,
    fields       TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    UNIQUE (record_id, content_hash)
) STRICT;
