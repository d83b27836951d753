-- Which life of the database this is: a random name, new when the
-- database is created and again when it is restored from a backup or a
-- replica (store.BeginLife). Phones compare it with the one they last
-- synced with: a restored database may lack records they were told it
-- holds, and numbers its changes anew, so they send again what they kept
-- and pull from the start.
CREATE TABLE database_life (
    id TEXT NOT NULL
);
INSERT INTO database_life (id) VALUES (lower(hex(randomblob(16))));
