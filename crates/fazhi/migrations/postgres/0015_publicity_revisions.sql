-- Correcting publicity events (the first register on the revision kit, storage/revision.rs):
-- a version that every edit raises, so an edit made on an old copy is refused, and a withdrawal
-- (作废) that keeps the row but takes it out of lists, totals, the report and exports.
-- Kept in step with ../sqlite/0015_publicity_revisions.sql.

ALTER TABLE publicity_events ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE publicity_events ADD COLUMN withdrawn_at TIMESTAMPTZ;
ALTER TABLE publicity_events ADD COLUMN withdrawn_reason TEXT;
-- The planner needs to know the new column is empty (otherwise it guesses few rows are not
-- withdrawn and sorts the whole register for a page); autovacuum would not analyse for it.
ANALYZE publicity_events;
