-- Correcting screening rounds and their village reports on the revision kit
-- (storage/revision.rs): a version that every edit raises, and a withdrawal (作废) that keeps
-- the row but counts it nowhere (a withdrawn round leaves the list and the report's count of
-- rounds; a withdrawn report leaves its round's figures, and the village may report again).
-- A village has one valid report a round: the unique key becomes a partial unique index, so
-- the table is rebuilt (SQLite cannot drop a table constraint). Nothing references it.
-- Kept in step with ../postgres/0023_screening_revisions.sql.

ALTER TABLE screening_rounds ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE screening_rounds ADD COLUMN withdrawn_at TEXT;
ALTER TABLE screening_rounds ADD COLUMN withdrawn_reason TEXT;

CREATE TABLE screening_reports_new (
    id INTEGER PRIMARY KEY,
    round_id BIGINT NOT NULL,
    village_id BIGINT NOT NULL,
    org_id BIGINT NOT NULL,
    reported_on TEXT NOT NULL,
    found BIGINT NOT NULL,
    zero_report BOOLEAN NOT NULL,
    reporter TEXT NOT NULL,
    note TEXT NOT NULL,
    created_at TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    withdrawn_at TEXT,
    withdrawn_reason TEXT,
    CONSTRAINT screening_reports_found_check CHECK (found >= 0),
    CONSTRAINT screening_reports_round_fkey FOREIGN KEY (round_id) REFERENCES screening_rounds (id),
    CONSTRAINT screening_reports_village_fkey FOREIGN KEY (village_id) REFERENCES orgs (id),
    CONSTRAINT screening_reports_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id)
);
INSERT INTO screening_reports_new (id, round_id, village_id, org_id, reported_on, found,
    zero_report, reporter, note, created_at)
    SELECT id, round_id, village_id, org_id, reported_on, found, zero_report, reporter, note,
    created_at FROM screening_reports;
DROP TABLE screening_reports;
ALTER TABLE screening_reports_new RENAME TO screening_reports;
CREATE INDEX screening_reports_org_idx ON screening_reports (org_id);
CREATE UNIQUE INDEX screening_reports_round_id_village_id_key
    ON screening_reports (round_id, village_id) WHERE withdrawn_at IS NULL;
