-- Every index on records is written by every push, and the push is the
-- writer's busiest work. Checked query by query (200k records, every
-- store query's plan): no query reads records_seq (a pull reads
-- records_author or records_village_kind), so it goes; and nineteen
-- records in twenty name no record they supersede or refer to, so those
-- two indexes hold only the ones that do. A lookup "supersedes = ?" (the
-- inbox, a record's history, the foreign-key checks of an insert or a
-- delete) reads the partial index as it read the whole one.
DROP INDEX records_seq;
DROP INDEX records_supersedes;
CREATE INDEX records_supersedes ON records (supersedes) WHERE supersedes IS NOT NULL;
DROP INDEX records_refers_to;
CREATE INDEX records_refers_to ON records (refers_to) WHERE refers_to IS NOT NULL;
