-- Correcting disputes on the revision kit (storage/revision.rs, as publicity in 0015): a version
-- that every edit raises, so an edit made on an old copy is refused, and a withdrawal (作废) that
-- keeps the case but takes it out of the list, totals, the dashboard, the report and exports.
-- The register's version trigger (0007) fires on these UPDATEs too, so cached totals follow.
-- Kept in step with ../sqlite/0019_dispute_revisions.sql.

ALTER TABLE disputes ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE disputes ADD COLUMN withdrawn_at TIMESTAMPTZ;
ALTER TABLE disputes ADD COLUMN withdrawn_reason TEXT;
-- The planner needs to know the new column is empty (otherwise it guesses few rows are not
-- withdrawn and sorts the whole register for a page); autovacuum would not analyse for it.
ANALYZE disputes;
