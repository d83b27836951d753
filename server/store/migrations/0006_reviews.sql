-- The office's review of field records: each action is kept, so a
-- record's page shows who approved, returned, accepted or closed it and
-- when. The record itself keeps only its latest state and comment (what a
-- resident's phone pulls).
CREATE TABLE record_reviews (
    id            INTEGER PRIMARY KEY,
    record_id     TEXT NOT NULL REFERENCES records (id),
    action        TEXT NOT NULL CHECK (action IN ('approve', 'return', 'adopt', 'accept', 'close')),
    comment       TEXT NOT NULL DEFAULT '',
    meeting_on    TEXT,                     -- an adoption's villagers' meeting, YYYY-MM-DD
    votes_for     INTEGER,                  -- an adoption's votes; NULL for other actions
    votes_against INTEGER,
    votes_abstain INTEGER,
    actor_id      TEXT NOT NULL REFERENCES users (id),
    at            TEXT NOT NULL
) STRICT;
CREATE INDEX record_reviews_record ON record_reviews (record_id, id);
-- The figures count reviews by when they were made.
CREATE INDEX record_reviews_at ON record_reviews (at);

-- The office's inbox lists records newest first (by day, then arrival,
-- then id, so pages never overlap), of one state or of any.
CREATE INDEX records_state_date ON records (state, occurred_on, received_at, id);
CREATE INDEX records_date ON records (occurred_on, received_at, id);
