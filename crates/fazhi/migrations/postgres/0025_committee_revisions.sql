-- Correcting people's mediation committees and mediators (调解组织) on the revision kit
-- (storage/revision.rs, as migration 0015 for publicity events): a version every edit raises,
-- so an edit made on an old copy is refused, and a withdrawal (作废) that keeps the row but
-- takes it out of the committee list, a committee's members and its composition warnings.
-- Kept in step with ../sqlite/0025_committee_revisions.sql.

ALTER TABLE committees ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE committees ADD COLUMN withdrawn_at TIMESTAMPTZ;
ALTER TABLE committees ADD COLUMN withdrawn_reason TEXT;
ALTER TABLE mediators ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE mediators ADD COLUMN withdrawn_at TIMESTAMPTZ;
ALTER TABLE mediators ADD COLUMN withdrawn_reason TEXT;
-- The planner needs to know the new columns are empty (otherwise it guesses few rows are not
-- withdrawn); autovacuum would not analyse for it.
ANALYZE committees;
ANALYZE mediators;
