-- Supervision items (接受监督, issue #18 item 4; registers/supervision_items/): 人大代表建议,
-- 政协提案, 审计 and 监察 findings with their rectification, 司法建议, 检察建议 and media issues,
-- told apart by `kind`, on the revision kit. `year` is the year received (the report counts
-- them by it). `due_on` is the reply (or rectification) due date with its rule and explanation;
-- `replied_on` / `rectified_on` stop it. A complaint may be mediated through a dispute
-- (`complaints.dispute_id`, linked, not copied). Both join the year's cached figures
-- (storage::figures::SOURCES). Kept in step with ../postgres/0053_supervision_items.sql.

CREATE TABLE supervision_items (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    kind TEXT NOT NULL,
    source TEXT NOT NULL,
    ref_no TEXT,
    received_on TEXT NOT NULL,
    content TEXT NOT NULL,
    handling_unit TEXT,
    letter_due_on TEXT,
    replied_on TEXT,
    reply TEXT,
    satisfaction TEXT,
    measures TEXT,
    rectify_by TEXT,
    evidence TEXT,
    rectified_on TEXT,
    media_on TEXT,
    investigation TEXT,
    reply_link TEXT,
    due_on TEXT,
    due_rule TEXT,
    due_explained TEXT,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    withdrawn_at TEXT,
    withdrawn_reason TEXT,
    CONSTRAINT supervision_items_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT supervision_items_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX supervision_items_org_year_idx ON supervision_items (org_id, year);

ALTER TABLE complaints ADD COLUMN dispute_id BIGINT CONSTRAINT complaints_dispute_id_fkey REFERENCES disputes (id);

INSERT INTO register_versions (register, version) VALUES ('supervision_items', 0);
CREATE TRIGGER supervision_items_version_insert AFTER INSERT ON supervision_items BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'supervision_items';
END;
CREATE TRIGGER supervision_items_version_update AFTER UPDATE ON supervision_items BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'supervision_items';
END;
CREATE TRIGGER supervision_items_version_delete AFTER DELETE ON supervision_items BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'supervision_items';
END;
