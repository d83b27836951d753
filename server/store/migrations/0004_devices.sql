-- Devices: a resident's phone, registered while signed in, gets a bearer
-- token for the API (sync). The database keeps the token's SHA-256 only,
-- like sessions. The office sees each device's last use and can revoke it;
-- a revoked device keeps its row, so the office still sees what it was.

CREATE TABLE devices (
    id           TEXT PRIMARY KEY,          -- UUIDv7
    user_id      TEXT NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80), -- "Android · Chrome", from the phone
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,             -- written at most once a minute
    revoked_at   TEXT                       -- NULL while the device may sync
) STRICT;
CREATE INDEX devices_user ON devices (user_id);
