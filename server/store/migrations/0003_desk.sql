-- The office's desk: every save of a material is a version that records who
-- changed what and when, with the texts as they were; and media files
-- (audio, PDF, images) attached to a language of a material.

CREATE TABLE material_versions (
    material_id TEXT NOT NULL REFERENCES materials (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    at          TEXT NOT NULL,
    actor_id    TEXT REFERENCES users (id), -- NULL for sample content loaded at first start
    changes     TEXT NOT NULL,              -- space-separated: "zh.title bo.body zh.audio status.published"
    PRIMARY KEY (material_id, version)
) STRICT;

-- The text of a language as saved at a version; only languages that
-- changed in that version have a row.
CREATE TABLE translation_versions (
    material_id TEXT NOT NULL REFERENCES materials (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    lang        TEXT NOT NULL,
    title       TEXT NOT NULL,
    summary     TEXT NOT NULL,
    body_md     TEXT NOT NULL,
    draft       INTEGER NOT NULL,
    PRIMARY KEY (material_id, version, lang)
) STRICT;

-- A file is named by the SHA-256 of its bytes under <data>/media; the same
-- bytes uploaded twice are stored once.
CREATE TABLE media (
    sha256     TEXT PRIMARY KEY,
    ext        TEXT NOT NULL,              -- the allow-listed type, sniffed from the bytes
    size       INTEGER NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE attachments (
    id          INTEGER PRIMARY KEY,
    material_id TEXT NOT NULL REFERENCES materials (id) ON DELETE CASCADE,
    lang        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('audio', 'pdf', 'image')),
    sha256      TEXT NOT NULL REFERENCES media (sha256),
    created_at  TEXT NOT NULL
) STRICT;
-- One audio and one PDF per language; images as many as wanted.
CREATE UNIQUE INDEX attachments_one_per_lang ON attachments (material_id, lang, kind) WHERE kind <> 'image';
CREATE INDEX attachments_material ON attachments (material_id, lang);
CREATE INDEX attachments_media ON attachments (sha256);

-- Materials stored before versions were kept start their history here.
INSERT INTO material_versions (material_id, version, at, actor_id, changes)
    SELECT id, version, updated_at, NULL, 'created' FROM materials;
INSERT INTO translation_versions (material_id, version, lang, title, summary, body_md, draft)
    SELECT material_id, version, lang, title, summary, body_md, draft FROM translations;
