-- Clean-up campaigns of normative documents (行政规范性文件清理, 国办发〔2018〕37号 and
-- statutes.md §5.1, §5.3): a campaign of one organisation on the revision kit
-- (registers/normative_cleanups/), over the documents in force when it started; each document
-- gets a result (继续有效, 修改, 废止, 宣布失效) with its reason; finishing applies them (a repealed
-- or invalidated document is ended with `cleanup_id` naming the campaign), publishing shows the
-- lists on the portal. The campaigns join the year's figures (storage::figures::SOURCES, 0049).
-- Kept in step with ../postgres/0054_normative_cleanups.sql.

CREATE TABLE normative_cleanups (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    title TEXT NOT NULL,
    basis TEXT NOT NULL,
    started_on TEXT NOT NULL,
    finished_on TEXT,
    published_on TEXT,
    note TEXT,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    withdrawn_at TEXT,
    withdrawn_reason TEXT,
    CONSTRAINT normative_cleanups_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT normative_cleanups_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX normative_cleanups_org_year_idx ON normative_cleanups (org_id, year);

CREATE TABLE normative_cleanup_items (
    id INTEGER PRIMARY KEY,
    cleanup_id BIGINT NOT NULL,
    document_id BIGINT NOT NULL,
    result TEXT,
    reason TEXT,
    CONSTRAINT normative_cleanup_items_result_check
        CHECK (result IN ('keep', 'amend', 'repeal', 'invalidate')),
    CONSTRAINT normative_cleanup_items_once UNIQUE (cleanup_id, document_id),
    CONSTRAINT normative_cleanup_items_cleanup_fkey FOREIGN KEY (cleanup_id) REFERENCES normative_cleanups (id),
    CONSTRAINT normative_cleanup_items_document_fkey FOREIGN KEY (document_id) REFERENCES normative_documents (id)
);
CREATE INDEX normative_cleanup_items_document_idx ON normative_cleanup_items (document_id);

ALTER TABLE normative_documents ADD COLUMN cleanup_id BIGINT
    CONSTRAINT normative_documents_cleanup_id_fkey REFERENCES normative_cleanups (id);

INSERT INTO register_versions (register, version) VALUES ('normative_cleanups', 0);
CREATE TRIGGER normative_cleanups_version_insert AFTER INSERT ON normative_cleanups BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'normative_cleanups';
END;
CREATE TRIGGER normative_cleanups_version_update AFTER UPDATE ON normative_cleanups BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'normative_cleanups';
END;
CREATE TRIGGER normative_cleanups_version_delete AFTER DELETE ON normative_cleanups BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'normative_cleanups';
END;
