-- The tallies' counts in SQLite's binary JSON (JSONB): a push updates a
-- dozen entries of one object, and each read of the text form parsed it
-- again. The next start counts the tallies anew (store/figure_tallies.go).
DROP TABLE figure_tallies;
CREATE TABLE figure_tallies (
    month      TEXT    NOT NULL,  -- YYYY-MM of the records' day
    village_id TEXT    NOT NULL,  -- '' for the township's own
    kind       TEXT    NOT NULL,
    state      TEXT    NOT NULL,
    topic      TEXT    NOT NULL,  -- '' for a kind without one
    n          INTEGER NOT NULL,  -- records
    counts     BLOB    NOT NULL,  -- JSONB: "field:value" → records, "field" → sum
    PRIMARY KEY (month, village_id, kind, state, topic)
) STRICT, WITHOUT ROWID;
DELETE FROM figure_tally_version;
