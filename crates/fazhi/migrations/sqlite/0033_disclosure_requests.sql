-- Government information disclosure on request (依申请公开, 政府信息公开条例 第二十七至四十五条):
-- a register on the revision kit (registers/disclosure/). `year` is the year of receipt. The
-- clock's events are columns (one correction, one consultation, one extension: the law allows
-- one correction notice and one extension of at most 20 working days); the due date is
-- recomputed from them by fazhi_domain::disclosure. A request filed on the portal carries a
-- tracking code and the argon2 hash of its query password.
-- Kept in step with ../postgres/0033_disclosure_requests.sql.

CREATE TABLE disclosure_requests (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    channel TEXT NOT NULL,
    applicant_kind TEXT NOT NULL,
    applicant_name TEXT NOT NULL,
    applicant_phone TEXT NOT NULL,
    information TEXT NOT NULL,
    form_wanted TEXT,
    submitted_on TEXT,
    signed_for_on TEXT,
    confirmed_on TEXT,
    received_on TEXT NOT NULL,
    correction_noticed_on TEXT,
    corrected_on TEXT,
    consulted_from TEXT,
    consulted_to TEXT,
    consulted_whom TEXT,
    extension_days BIGINT,
    extension_approved_by TEXT,
    due_on TEXT,
    due_explained TEXT,
    replied_on TEXT,
    reply_type TEXT,
    reply_text TEXT,
    tracking_code TEXT,
    password_hash TEXT,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    withdrawn_at TEXT,
    withdrawn_reason TEXT,
    CONSTRAINT disclosure_requests_tracking_code_key UNIQUE (tracking_code),
    CONSTRAINT disclosure_requests_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT disclosure_requests_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX disclosure_requests_org_year_idx ON disclosure_requests (org_id, year);
