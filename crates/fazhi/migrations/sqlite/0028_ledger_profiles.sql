-- The town's own ledgers (issue #14 points 4 and 5). Kept in step with the other backend's
-- 0028_ledger_profiles.sql.

-- A ledger profile: how an organisation's own headers map onto a ledger's columns, saved on the
-- import page and used by the next import (the CLI's --profile too). `mapping` is JSON:
-- [{"header": "矛盾事项", "column": "简要情况", "split": false}, …]; an empty column is 忽略.
CREATE TABLE ledger_profiles (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    ledger TEXT NOT NULL,
    name TEXT NOT NULL,
    mapping TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    saved_by BIGINT,
    CONSTRAINT ledger_profiles_org_id_ledger_name_key UNIQUE (org_id, ledger, name),
    CONSTRAINT ledger_profiles_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT ledger_profiles_saved_by_fkey FOREIGN KEY (saved_by) REFERENCES users (id)
);

-- Every imported file with its SHA-256, so that the same file imported twice is caught and the
-- preview says when and by whom it was imported before.
CREATE TABLE ledger_imports (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    ledger TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL,
    rows_imported BIGINT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by BIGINT,
    imported_by_name TEXT NOT NULL,
    CONSTRAINT ledger_imports_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT ledger_imports_imported_by_fkey FOREIGN KEY (imported_by) REFERENCES users (id)
);
CREATE INDEX ledger_imports_ledger_sha256_idx ON ledger_imports (ledger, sha256);

-- 备注, a known column of every ledger, kept with the record (publicity events and study
-- sessions keep theirs in `notes`).
ALTER TABLE disputes ADD COLUMN remarks TEXT;
ALTER TABLE consultations ADD COLUMN remarks TEXT;
ALTER TABLE legal_aid_referrals ADD COLUMN remarks TEXT;
ALTER TABLE law_exams ADD COLUMN remarks TEXT;
ALTER TABLE trainings ADD COLUMN remarks TEXT;
