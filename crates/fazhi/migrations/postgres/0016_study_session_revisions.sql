-- Correcting study sessions (学法记录) on the revision kit (storage/revision.rs, as migration
-- 0015 for publicity events): a version every edit raises, so an edit made on an old copy is
-- refused, and a withdrawal (作废) that keeps the row but takes it out of the list, the hours,
-- per-cadre hours, the report's figures and the ledger export.
-- Kept in step with ../sqlite/0016_study_session_revisions.sql.

ALTER TABLE study_sessions ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE study_sessions ADD COLUMN withdrawn_at TIMESTAMPTZ;
ALTER TABLE study_sessions ADD COLUMN withdrawn_reason TEXT;
-- The planner needs to know the new column is empty (otherwise it guesses few rows are not
-- withdrawn and sorts the whole register for a page); autovacuum would not analyse for it.
ANALYZE study_sessions;
