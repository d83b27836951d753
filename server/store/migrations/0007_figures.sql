-- The office's figures: which records count, and the annual report's own
-- words.

-- A record that a correction superseded no longer counts: the correction
-- does. Kept as a column (set when the correction arrives) so the figures
-- need no "is there a newer version" subquery per record.
ALTER TABLE records ADD COLUMN superseded INTEGER NOT NULL DEFAULT 0;
UPDATE records SET superseded = 1 WHERE id IN (SELECT supersedes FROM records WHERE supersedes IS NOT NULL);

-- The records the figures count (current, not sent back), with every
-- column the figures group and sum (the g_ columns of 0005): a year's
-- figures over a million records read this index alone and parse no JSON.
CREATE INDEX records_counted ON records
    (kind, occurred_on, village_id, g_a, g_b, g_c, state, g_people, g_bo, g_zh, g_hours, author_id, superseded)
    WHERE superseded = 0 AND state <> 'returned';

-- What the office writes into its annual report beside the figures: the
-- shortcomings and next year's plan. Every save is a version.
CREATE TABLE report_texts (
    year         INTEGER NOT NULL,
    version      INTEGER NOT NULL,
    shortcomings TEXT NOT NULL DEFAULT '',
    plans        TEXT NOT NULL DEFAULT '',
    actor_id     TEXT REFERENCES users (id),
    at           TEXT NOT NULL,
    PRIMARY KEY (year, version)
) STRICT;
