-- The annual report becomes the document a township sends: the office
-- writes an account of each part (mingbai.ReportParts), in Chinese and in
-- Tibetan, each language versioned on its own; the texts of 0007 were
-- written on the office's Chinese desk and become the Chinese version.
-- The heading (the township's name, the addressee, the issuer) is set
-- once per language, for every year.
CREATE TABLE report_versions (
    year     INTEGER NOT NULL,
    lang     TEXT    NOT NULL,  -- a mingbai.ReportLangs language
    version  INTEGER NOT NULL,
    parts    TEXT    NOT NULL,  -- JSON: part → text
    actor_id TEXT REFERENCES users (id),
    at       TEXT    NOT NULL,
    PRIMARY KEY (year, lang, version)
) STRICT;
INSERT INTO report_versions (year, lang, version, parts, actor_id, at)
SELECT year, 'zh', version, json_object('shortcomings', shortcomings, 'plans', plans), actor_id, at FROM report_texts;
DROP TABLE report_texts;

CREATE TABLE report_headings (
    lang      TEXT PRIMARY KEY,
    township  TEXT NOT NULL,
    addressee TEXT NOT NULL,
    issuer    TEXT NOT NULL,
    actor_id  TEXT REFERENCES users (id),
    at        TEXT NOT NULL
) STRICT;
