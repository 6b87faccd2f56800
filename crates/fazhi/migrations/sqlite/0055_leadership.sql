-- Leadership of rule-of-law work (issue #19 items 1–4; registers/{leading_groups,meetings,
-- work_rules,budget_lines}/): the 法治政府建设领导小组 and its members over time, the meetings
-- that studied the work, the work rules and the budget lines, each a register on the revision
-- kit. A member who leaves gets `to_on`, never a deletion, so the composition on any date can be
-- read. A meeting may be a study session too (`study_session_id`, at most one meeting each):
-- storage/figures/leadership.rs then counts it once. Amounts in fen. Kept in step with
-- ../postgres/0055_leadership.sql. Every table is a source of the year's figures
-- (storage::figures::SOURCES): its writes bump `register_versions`.

CREATE TABLE leading_groups (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    set_up_on TEXT NOT NULL,
    document TEXT NOT NULL,
    office TEXT,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    withdrawn_at TEXT,
    withdrawn_reason TEXT,
    CONSTRAINT leading_groups_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT leading_groups_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX leading_groups_org_idx ON leading_groups (org_id, set_up_on);

CREATE TABLE leading_group_members (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    group_id BIGINT NOT NULL,
    person TEXT NOT NULL,
    post TEXT NOT NULL,
    role TEXT NOT NULL,
    from_on TEXT NOT NULL,
    to_on TEXT,
    document TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    withdrawn_at TEXT,
    withdrawn_reason TEXT,
    CONSTRAINT leading_group_members_dates_check CHECK (to_on IS NULL OR to_on >= from_on),
    CONSTRAINT leading_group_members_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT leading_group_members_group_fkey FOREIGN KEY (group_id) REFERENCES leading_groups (id),
    CONSTRAINT leading_group_members_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX leading_group_members_group_idx ON leading_group_members (group_id, from_on);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    held_on TEXT NOT NULL,
    kind TEXT NOT NULL,
    topics TEXT NOT NULL,
    attendees TEXT NOT NULL DEFAULT '',
    decisions TEXT,
    study_session_id BIGINT,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    withdrawn_at TEXT,
    withdrawn_reason TEXT,
    CONSTRAINT meetings_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT meetings_study_session_fkey FOREIGN KEY (study_session_id) REFERENCES study_sessions (id),
    CONSTRAINT meetings_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX meetings_org_held_idx ON meetings (org_id, held_on);
CREATE UNIQUE INDEX meetings_study_session_key ON meetings (study_session_id)
    WHERE study_session_id IS NOT NULL;

CREATE TABLE work_rules (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    title TEXT NOT NULL,
    adopted_on TEXT NOT NULL,
    adopted_by TEXT NOT NULL,
    document TEXT,
    status TEXT NOT NULL,
    review_on TEXT,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    withdrawn_at TEXT,
    withdrawn_reason TEXT,
    CONSTRAINT work_rules_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT work_rules_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX work_rules_org_adopted_idx ON work_rules (org_id, adopted_on);

CREATE TABLE budget_lines (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    line TEXT NOT NULL,
    budgeted_fen BIGINT NOT NULL,
    spent_fen BIGINT NOT NULL,
    note TEXT,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    withdrawn_at TEXT,
    withdrawn_reason TEXT,
    CONSTRAINT budget_lines_amounts_check CHECK (budgeted_fen >= 0 AND spent_fen >= 0),
    CONSTRAINT budget_lines_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT budget_lines_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX budget_lines_org_year_idx ON budget_lines (org_id, year);

INSERT INTO register_versions (register, version) VALUES ('meetings', 0);
CREATE TRIGGER meetings_version_insert AFTER INSERT ON meetings BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'meetings';
END;
CREATE TRIGGER meetings_version_update AFTER UPDATE ON meetings BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'meetings';
END;
CREATE TRIGGER meetings_version_delete AFTER DELETE ON meetings BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'meetings';
END;

INSERT INTO register_versions (register, version) VALUES ('work_rules', 0);
CREATE TRIGGER work_rules_version_insert AFTER INSERT ON work_rules BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'work_rules';
END;
CREATE TRIGGER work_rules_version_update AFTER UPDATE ON work_rules BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'work_rules';
END;
CREATE TRIGGER work_rules_version_delete AFTER DELETE ON work_rules BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'work_rules';
END;

INSERT INTO register_versions (register, version) VALUES ('budget_lines', 0);
CREATE TRIGGER budget_lines_version_insert AFTER INSERT ON budget_lines BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'budget_lines';
END;
CREATE TRIGGER budget_lines_version_update AFTER UPDATE ON budget_lines BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'budget_lines';
END;
CREATE TRIGGER budget_lines_version_delete AFTER DELETE ON budget_lines BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'budget_lines';
END;

INSERT INTO register_versions (register, version) VALUES ('leading_groups', 0);
CREATE TRIGGER leading_groups_version_insert AFTER INSERT ON leading_groups BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'leading_groups';
END;
CREATE TRIGGER leading_groups_version_update AFTER UPDATE ON leading_groups BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'leading_groups';
END;
CREATE TRIGGER leading_groups_version_delete AFTER DELETE ON leading_groups BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'leading_groups';
END;

INSERT INTO register_versions (register, version) VALUES ('leading_group_members', 0);
CREATE TRIGGER leading_group_members_version_insert AFTER INSERT ON leading_group_members BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'leading_group_members';
END;
CREATE TRIGGER leading_group_members_version_update AFTER UPDATE ON leading_group_members BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'leading_group_members';
END;
CREATE TRIGGER leading_group_members_version_delete AFTER DELETE ON leading_group_members BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'leading_group_members';
END;
