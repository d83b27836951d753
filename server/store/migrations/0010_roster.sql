-- The roster of legal-savvy residents: a resident serves from the day the
-- township appointed them (after its assessment) to their last day, both
-- township days, YYYY-MM-DD. The figures count the roster by these dates,
-- not by when the account was made or whether it is active today, so a
-- past year's count never changes.
ALTER TABLE users ADD COLUMN appointed_on TEXT;
ALTER TABLE users ADD COLUMN left_on TEXT;
-- Residents from before: appointed the township day (UTC+8, as
-- mingbai.Township) their account was made; one deactivated since left on
-- the day it last changed, the best this database knows.
UPDATE users SET appointed_on = date(created_at, '+8 hours') WHERE role = 'resident';
UPDATE users SET left_on = date(updated_at, '+8 hours') WHERE role = 'resident' AND active = 0;
