-- Placeholder on the `people` branch only: number 3 belongs to the
-- materials desk, built in parallel. Migrations must be numbered without a
-- gap, so this empty step stands in for it until the branches merge; the
-- merge keeps the materials desk's 0003 and deletes this file (two files
-- numbered 3 fail every start, so it cannot be forgotten).
SELECT 1;
