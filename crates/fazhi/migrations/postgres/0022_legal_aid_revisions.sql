-- Correcting legal-aid referrals on the revision kit (storage/revision.rs, as consultations in
-- 0017): a version that every edit raises, so an edit made on an old copy is refused, and a
-- withdrawal (作废) that keeps the row but takes it out of lists, totals, the report and exports.
-- The days the applicant took to supply missing materials are left out of the centre's 7-day
-- decision period (办理法律援助案件程序规定 2023): the day the centre asked for them all at
-- once (一次性告知, 法律援助法 第四十三条) and the day they were supplied.
-- The register's version trigger (0013) fires on these UPDATEs too, so cached totals follow.
-- Kept in step with ../sqlite/0022_legal_aid_revisions.sql.

ALTER TABLE legal_aid_referrals ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE legal_aid_referrals ADD COLUMN withdrawn_at TIMESTAMPTZ;
ALTER TABLE legal_aid_referrals ADD COLUMN withdrawn_reason TEXT;
ALTER TABLE legal_aid_referrals ADD COLUMN materials_requested_on DATE;
ALTER TABLE legal_aid_referrals ADD COLUMN materials_supplied_on DATE;
-- The planner needs to know the new column is empty (otherwise it guesses few rows are not
-- withdrawn and sorts the whole register for a page); autovacuum would not analyse for it.
ANALYZE legal_aid_referrals;
