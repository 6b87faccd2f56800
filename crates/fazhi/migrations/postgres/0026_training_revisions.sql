-- Correcting mediation trainings (调解培训) on the revision kit (storage/revision.rs, as
-- migration 0015 for publicity events): a version every edit raises, so an edit made on an old
-- copy is refused, and a withdrawal (作废) that keeps the row but takes it out of the list, its
-- totals, the report's figures and the export.
-- Kept in step with ../sqlite/0026_training_revisions.sql.

ALTER TABLE trainings ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE trainings ADD COLUMN withdrawn_at TIMESTAMPTZ;
ALTER TABLE trainings ADD COLUMN withdrawn_reason TEXT;
-- The planner needs to know the new columns are empty (otherwise it guesses few rows are not
-- withdrawn); autovacuum would not analyse for it.
ANALYZE trainings;
