-- Correcting screening rounds and their village reports on the revision kit
-- (storage/revision.rs): a version that every edit raises, and a withdrawal (作废) that keeps
-- the row but counts it nowhere (a withdrawn round leaves the list and the report's count of
-- rounds; a withdrawn report leaves its round's figures, and the village may report again).
-- A village has one valid report a round: the unique key becomes a partial unique index (same
-- name, so a second report still answers 「该村本轮已报告过」).
-- Kept in step with ../sqlite/0023_screening_revisions.sql.

ALTER TABLE screening_rounds ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE screening_rounds ADD COLUMN withdrawn_at TIMESTAMPTZ;
ALTER TABLE screening_rounds ADD COLUMN withdrawn_reason TEXT;

ALTER TABLE screening_reports ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE screening_reports ADD COLUMN withdrawn_at TIMESTAMPTZ;
ALTER TABLE screening_reports ADD COLUMN withdrawn_reason TEXT;
ALTER TABLE screening_reports DROP CONSTRAINT screening_reports_round_id_village_id_key;
CREATE UNIQUE INDEX screening_reports_round_id_village_id_key
    ON screening_reports (round_id, village_id) WHERE withdrawn_at IS NULL;
ANALYZE screening_rounds;
ANALYZE screening_reports;
