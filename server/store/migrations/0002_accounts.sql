-- Accounts: the judicial office's staff and the villages' legal-savvy
-- residents, their sessions, and the audit log of what the office does.

CREATE TABLE villages (
    id         TEXT PRIMARY KEY,           -- UUIDv7
    name_zh    TEXT NOT NULL,
    name_bo    TEXT NOT NULL DEFAULT '',
    active     INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE users (
    id                   TEXT PRIMARY KEY, -- UUIDv7
    username             TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name         TEXT NOT NULL,
    role                 TEXT NOT NULL CHECK (role IN ('office', 'resident')),
    village_id           TEXT REFERENCES villages (id),
    password_hash        TEXT NOT NULL,    -- bcrypt
    must_change_password INTEGER NOT NULL DEFAULT 0,
    active               INTEGER NOT NULL DEFAULT 1,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    CHECK (role = 'office' OR village_id IS NOT NULL)
) STRICT;

-- A session is found by the SHA-256 of its cookie token, so a copy of the
-- database does not hold live tokens.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE audit_log (
    id       INTEGER PRIMARY KEY,
    at       TEXT NOT NULL,
    actor_id TEXT REFERENCES users (id),   -- NULL for a failed login or the command line
    action   TEXT NOT NULL,                -- login.ok, login.fail, user.add, ...
    target   TEXT NOT NULL DEFAULT '',
    detail   TEXT NOT NULL DEFAULT ''      -- no passwords, no personal data of villagers
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at);
