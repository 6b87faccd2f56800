-- Comments citizens leave on a normative document's draft during its comment period, from the
-- portal without an account (国办发〔2018〕37号: 广泛听取意见). Every comment is kept and counted on
-- the document; staff decide which are shown (`state`: pending, approved, hidden).
-- Kept in step with ../postgres/0039_normative_comments.sql.

CREATE TABLE normative_comments (
    id INTEGER PRIMARY KEY,
    document_id BIGINT NOT NULL,
    org_id BIGINT NOT NULL,
    author TEXT,
    body TEXT NOT NULL,
    received_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending',
    moderated_at TEXT,
    moderated_by BIGINT,
    CONSTRAINT normative_comments_state_check CHECK (state IN ('pending', 'approved', 'hidden')),
    CONSTRAINT normative_comments_document_fkey FOREIGN KEY (document_id) REFERENCES normative_documents (id),
    CONSTRAINT normative_comments_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT normative_comments_moderated_by_fkey FOREIGN KEY (moderated_by) REFERENCES users (id)
);
CREATE INDEX normative_comments_document_idx ON normative_comments (document_id);
