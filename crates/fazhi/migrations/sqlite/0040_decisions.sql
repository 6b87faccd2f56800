-- Major administrative decisions (重大行政决策, registers/decisions/): the yearly decision
-- catalogue (目录: each decision of a year, its undertaking unit and planned time, and the date it
-- was published in the catalogue) and each decision's statutory procedures (重大行政决策程序暂行条例
-- 第十四条至第三十六条). The four procedures before collective discussion are one JSON text
-- column (`procedures`, fazhi_domain::decision::ProcedureRecord by procedure) and the meeting
-- another (`discussion`, fazhi_domain::decision::Discussion), both read and checked in Rust;
-- `procedures_followed` is fixed when the decision is made (the figure behind
-- 重大行政决策法定程序履行率). Kept in step with ../postgres/0040_decisions.sql.

CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    title TEXT NOT NULL,
    category TEXT,
    lead_unit TEXT NOT NULL,
    planned_on TEXT,
    listed_on TEXT,
    procedures TEXT NOT NULL,
    comment_starts_on TEXT,
    comment_ends_on TEXT,
    comment_shortened_reason TEXT,
    comments_received BIGINT,
    comments_adopted BIGINT,
    review_id BIGINT,
    discussion TEXT,
    decided_on TEXT,
    procedures_followed BOOLEAN NOT NULL DEFAULT FALSE,
    published_on TEXT,
    published_channel TEXT,
    archived_on TEXT,
    archive_ref TEXT,
    evaluated_on TEXT,
    evaluation TEXT,
    historical BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    withdrawn_at TEXT,
    withdrawn_reason TEXT,
    CONSTRAINT decisions_comments_check CHECK (comments_adopted <= comments_received),
    CONSTRAINT decisions_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT decisions_review_id_fkey FOREIGN KEY (review_id) REFERENCES review_requests (id),
    CONSTRAINT decisions_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX decisions_org_year_idx ON decisions (org_id, year);
