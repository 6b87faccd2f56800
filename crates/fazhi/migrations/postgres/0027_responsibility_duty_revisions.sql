-- Correcting the 谁执法谁普法 responsibility list and 述职述法 reports on the revision kit
-- (storage/revision.rs, as migration 0015 for publicity events): a version every edit raises,
-- so an edit made on an old copy is refused, and a withdrawal (作废) that keeps the row but
-- takes it out of the lists and the report's figures.
-- Kept in step with ../sqlite/0027_responsibility_duty_revisions.sql.

ALTER TABLE responsibility_items ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE responsibility_items ADD COLUMN withdrawn_at TIMESTAMPTZ;
ALTER TABLE responsibility_items ADD COLUMN withdrawn_reason TEXT;
ALTER TABLE duty_reports ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE duty_reports ADD COLUMN withdrawn_at TIMESTAMPTZ;
ALTER TABLE duty_reports ADD COLUMN withdrawn_reason TEXT;
-- The planner needs to know the new columns are empty (otherwise it guesses few rows are not
-- withdrawn); autovacuum would not analyse for it.
ANALYZE responsibility_items;
ANALYZE duty_reports;
