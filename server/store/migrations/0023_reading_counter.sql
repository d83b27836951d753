-- The reading counter: the change number of the last change a reader can
-- see (a published leaflet, its media, a topic). Public pages and their
-- ETags follow it, so a push, review or training leaves readers' copies
-- valid. It starts at the newest leaflet's change.
INSERT INTO counters (name, value) SELECT 'reading', COALESCE(MAX(seq), 0) FROM materials;
