-- What the figures count, a month at a time (store/figure_tallies.go):
-- kept by triggers that the store writes from the record kinds'
-- specification at start, and counted anew from the records whenever that
-- specification changes (figure_tally_version tells).
CREATE TABLE figure_tallies (
    month      TEXT    NOT NULL,  -- YYYY-MM of the records' day
    village_id TEXT    NOT NULL,  -- '' for the township's own
    kind       TEXT    NOT NULL,
    state      TEXT    NOT NULL,
    topic      TEXT    NOT NULL,  -- '' for a kind without one
    n          INTEGER NOT NULL,  -- records
    counts     TEXT    NOT NULL,  -- JSON: "field:value" → records, "field" → sum
    PRIMARY KEY (month, village_id, kind, state, topic)
) STRICT, WITHOUT ROWID;
CREATE TABLE figure_tally_version (version TEXT NOT NULL) STRICT;
