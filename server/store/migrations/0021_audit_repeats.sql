-- A burst of the same anonymous event (failed sign-ins from one address)
-- is one audit line that counts its repeats, not a line each
-- (store.AuditRepeated): however many tries, the log and the desk that
-- shows it stay small.
ALTER TABLE audit_log ADD COLUMN repeats INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit_log ADD COLUMN last_at TEXT;
