-- Normative documents (行政规范性文件, statutes.md §5.4): a register on the revision kit
-- (registers/normative/). `year` is the year of issue, or of registration while not issued.
-- The lifecycle steps (征求意见, 合法性审核, 集体审议, 印发, 公布, 备案, 评估, 修改/废止) fill
-- their own columns; `ended_by_id` links the document that amended or repealed this one.
-- Kept in step with ../postgres/0038_normative_documents.sql.

CREATE TABLE normative_documents (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    title TEXT NOT NULL,
    drafting_unit TEXT NOT NULL,
    registration_number TEXT,
    doc_number TEXT,
    drafted_on TEXT,
    affects_business BOOLEAN NOT NULL DEFAULT FALSE,
    comment_from TEXT,
    comment_to TEXT,
    comment_note TEXT,
    review_id BIGINT,
    deliberated_on TEXT,
    meeting TEXT,
    issued_on TEXT,
    published_on TEXT,
    channel TEXT,
    interpretation TEXT,
    effective_on TEXT,
    validity_years BIGINT,
    expires_on TEXT,
    evaluation_due TEXT,
    filed_on TEXT,
    filing_body TEXT,
    evaluated_on TEXT,
    evaluation_result TEXT,
    evaluation_note TEXT,
    ended_on TEXT,
    ended_how TEXT,
    ended_by_id BIGINT,
    full_text TEXT,
    historical BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    withdrawn_at TEXT,
    withdrawn_reason TEXT,
    CONSTRAINT normative_documents_validity_check CHECK (validity_years > 0),
    CONSTRAINT normative_documents_ended_how_check CHECK (ended_how IN ('amended', 'repealed')),
    CONSTRAINT normative_documents_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT normative_documents_review_id_fkey FOREIGN KEY (review_id) REFERENCES review_requests (id),
    CONSTRAINT normative_documents_ended_by_id_fkey FOREIGN KEY (ended_by_id) REFERENCES normative_documents (id),
    CONSTRAINT normative_documents_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX normative_documents_org_year_idx ON normative_documents (org_id, year);
