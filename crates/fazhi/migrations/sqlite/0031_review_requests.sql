-- Legality review requests (合法性审查): a register on the revision kit (registers/reviews/).
-- `number` is 合审〔<year>〕<seq>号, `seq` counted per organisation and year; `adviser_id` is the
-- legal adviser the request is sent to (only they see it among advisers). Kept in step with
-- ../postgres/0031_review_requests.sql.

CREATE TABLE review_requests (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    number TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    requesting_unit TEXT NOT NULL,
    subject TEXT NOT NULL,
    basis TEXT,
    procedure TEXT,
    adviser_id BIGINT NOT NULL,
    sent_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    conclusion TEXT,
    opinion TEXT,
    answered_on TEXT,
    adopted BOOLEAN,
    not_adopted_reason TEXT,
    historical BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    withdrawn_at TEXT,
    withdrawn_reason TEXT,
    CONSTRAINT review_requests_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT review_requests_adviser_fkey FOREIGN KEY (adviser_id) REFERENCES users (id),
    CONSTRAINT review_requests_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE UNIQUE INDEX review_requests_number_idx ON review_requests (org_id, year, seq);
CREATE INDEX review_requests_adviser_idx ON review_requests (adviser_id, due_on);
