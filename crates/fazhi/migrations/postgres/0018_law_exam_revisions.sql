-- Correcting law exam results (学法考试成绩) on the revision kit (storage/revision.rs, as
-- migration 0015 for publicity events): a version every edit raises, so an edit made on an old
-- copy is refused, and a withdrawal (作废) that keeps the row but takes it out of the list, the
-- pass rate, the report's figures and the ledger export.
-- Kept in step with ../sqlite/0018_law_exam_revisions.sql.

ALTER TABLE law_exams ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE law_exams ADD COLUMN withdrawn_at TIMESTAMPTZ;
ALTER TABLE law_exams ADD COLUMN withdrawn_reason TEXT;
-- The planner needs to know the new column is empty (otherwise it guesses few rows are not
-- withdrawn and sorts the whole register for a page); autovacuum would not analyse for it.
ANALYZE law_exams;
