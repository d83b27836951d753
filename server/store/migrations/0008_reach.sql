-- Reach without surveillance: how often leaflets are opened, scanned from a
-- village's printed QR codes and marked as helpful, and which topics readers
-- ask to have explained (按需普法). Everything is a count per township day
-- (UTC+8): no address, cookie, user agent or time of day is stored.

-- Each village's short code, carried by the QR codes printed for it. Six
-- characters without look-alikes (0/O, 1/I/L). Existing villages get codes
-- from their rowid through a bijection of 0..31^6-1 (multiplying by a prime
-- other than 31 modulo 31^6), so no two can collide; new villages get random
-- codes (store/village.go).
ALTER TABLE villages ADD COLUMN code TEXT NOT NULL DEFAULT '';
UPDATE villages SET code =
    substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', ((rowid * 104729 + 12345) % 887503681) % 31 + 1, 1) ||
    substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', ((rowid * 104729 + 12345) % 887503681) / 31 % 31 + 1, 1) ||
    substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', ((rowid * 104729 + 12345) % 887503681) / 961 % 31 + 1, 1) ||
    substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', ((rowid * 104729 + 12345) % 887503681) / 29791 % 31 + 1, 1) ||
    substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', ((rowid * 104729 + 12345) % 887503681) / 923521 % 31 + 1, 1) ||
    substr('23456789ABCDEFGHJKMNPQRSTUVWXYZ', ((rowid * 104729 + 12345) % 887503681) / 28629151 % 31 + 1, 1);
CREATE UNIQUE INDEX villages_code ON villages (code);

-- Opens of a public leaflet page and "this helped" marks, per day, leaflet
-- and page language.
CREATE TABLE leaflet_reach (
    day         TEXT NOT NULL,          -- YYYY-MM-DD in the township
    material_id TEXT NOT NULL REFERENCES materials (id),
    lang        TEXT NOT NULL CHECK (lang IN ('bo', 'zh', 'en')),
    opens       INTEGER NOT NULL DEFAULT 0,
    helped      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, material_id, lang)
) STRICT, WITHOUT ROWID;

-- Opens that came through a village's printed QR code.
CREATE TABLE village_scans (
    day         TEXT NOT NULL,
    village_id  TEXT NOT NULL REFERENCES villages (id),
    material_id TEXT NOT NULL REFERENCES materials (id),
    lang        TEXT NOT NULL CHECK (lang IN ('bo', 'zh', 'en')),
    scans       INTEGER NOT NULL,
    PRIMARY KEY (day, village_id, material_id, lang)
) STRICT, WITHOUT ROWID;

-- Readers' requests for a topic, per day, topic and village ('' when the
-- request named none).
CREATE TABLE topic_requests (
    day        TEXT NOT NULL,
    topic      TEXT NOT NULL REFERENCES topics (slug) ON UPDATE CASCADE,
    village_id TEXT NOT NULL DEFAULT '',
    requests   INTEGER NOT NULL,
    PRIMARY KEY (day, topic, village_id)
) STRICT, WITHOUT ROWID;

-- The optional notes sent with requests, apart from the counts: a note can
-- hold personal data whatever the form asks, so only the office reads them
-- and it can delete one. No village is kept with a note.
CREATE TABLE topic_request_notes (
    id    INTEGER PRIMARY KEY,
    day   TEXT NOT NULL,
    topic TEXT NOT NULL REFERENCES topics (slug) ON UPDATE CASCADE,
    lang  TEXT NOT NULL CHECK (lang IN ('bo', 'zh', 'en')),
    note  TEXT NOT NULL
) STRICT;
