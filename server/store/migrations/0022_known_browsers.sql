-- Browsers an account has signed in from (store.RememberBrowser): a
-- stranger's wrong passwords, from anywhere, never lock them out. Only the
-- token's hash is kept, as for sessions and devices.
CREATE TABLE known_browsers (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
);
CREATE INDEX known_browsers_user ON known_browsers (user_id, created_at);
