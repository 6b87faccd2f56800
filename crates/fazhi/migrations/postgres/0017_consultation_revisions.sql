-- Correcting legal consultations on the revision kit (storage/revision.rs, as publicity in
-- 0015): a version that every edit raises, so an edit made on an old copy is refused, and a
-- withdrawal (作废) that keeps the row but takes it out of lists, totals, the report and exports.
-- The register's version trigger (0013) fires on these UPDATEs too, so cached totals follow.
-- Kept in step with ../sqlite/0017_consultation_revisions.sql.

ALTER TABLE consultations ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE consultations ADD COLUMN withdrawn_at TIMESTAMPTZ;
ALTER TABLE consultations ADD COLUMN withdrawn_reason TEXT;
-- The planner needs to know the new column is empty (otherwise it guesses few rows are not
-- withdrawn and sorts the whole register for a page); autovacuum would not analyse for it.
ANALYZE consultations;
