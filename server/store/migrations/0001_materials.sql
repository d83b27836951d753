-- The reading path: topics, materials with a translation per language, the
-- change counter that sync will page by, and the search index.

-- One counter for every change a device may pull; see store/seq.go.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) STRICT;
INSERT INTO counters (name, value) VALUES ('change', 0);

-- Facts about this installation, such as when the sample content was loaded.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE topics (
    slug TEXT PRIMARY KEY,
    sort INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE topic_names (
    topic TEXT NOT NULL REFERENCES topics (slug) ON UPDATE CASCADE ON DELETE CASCADE,
    lang  TEXT NOT NULL,
    name  TEXT NOT NULL,
    PRIMARY KEY (topic, lang)
) STRICT;

CREATE TABLE materials (
    id           TEXT PRIMARY KEY,          -- UUIDv7
    slug         TEXT NOT NULL UNIQUE,
    topic        TEXT NOT NULL REFERENCES topics (slug) ON UPDATE CASCADE,
    status       TEXT NOT NULL CHECK (status IN ('draft', 'published', 'unpublished')),
    sample       INTEGER NOT NULL DEFAULT 0, -- shipped sample content, shown with a banner
    version      INTEGER NOT NULL DEFAULT 1, -- bumped on every save
    seq          INTEGER NOT NULL,           -- change counter value of the last change
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    published_at TEXT                        -- first publication, for "newest"
) STRICT;
CREATE INDEX materials_topic ON materials (topic, status);
CREATE INDEX materials_published ON materials (status, published_at DESC);
CREATE INDEX materials_seq ON materials (seq);

CREATE TABLE material_audiences (
    material_id TEXT NOT NULL REFERENCES materials (id) ON DELETE CASCADE,
    audience    TEXT NOT NULL CHECK (audience IN
        ('elderly', 'migrant_workers', 'herders', 'students', 'businesses', 'religious_venues')),
    PRIMARY KEY (material_id, audience)
) STRICT;
CREATE INDEX material_audiences_audience ON material_audiences (audience);

CREATE TABLE translations (
    id          INTEGER PRIMARY KEY,        -- rowid of the search index row
    material_id TEXT NOT NULL REFERENCES materials (id) ON DELETE CASCADE,
    lang        TEXT NOT NULL,
    title       TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    body_md     TEXT NOT NULL DEFAULT '',
    body_html   TEXT NOT NULL DEFAULT '',   -- rendered and sanitized at save time
    body_text   TEXT NOT NULL DEFAULT '',   -- plain text, for search snippets
    draft       INTEGER NOT NULL DEFAULT 0, -- awaiting review by a native speaker
    version     INTEGER NOT NULL,           -- material version when this text last changed
    updated_at  TEXT NOT NULL,
    UNIQUE (material_id, lang)
) STRICT;

-- Tokens come from Go (server/search), hex-encoded as ASCII words, so the
-- ascii tokenizer only splits at spaces. Contentless: the text lives in
-- translations; contentless_delete lets a changed translation be removed.
CREATE VIRTUAL TABLE translation_fts USING fts5 (
    title, summary, body,
    content = '', contentless_delete = 1, tokenize = 'ascii'
);
