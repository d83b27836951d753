-- Reserved for the office's figures (issue 5), built in parallel on another
-- branch. Migrations must be gapless, so this placeholder holds the number
-- until the merge, which replaces it with the real 0007.
SELECT 1;
