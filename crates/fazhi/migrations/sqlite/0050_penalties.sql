-- Administrative penalty decisions (行政处罚决定): a register on the revision kit
-- (registers/penalties/). `year` is the year of the decision, or of the case's filing while
-- undecided. A decision date needs a passing legality review of kind 行政处罚 (`review_id`,
-- 行政处罚法 第五十八条) unless the case predates fazhi (`historical`). Kept in step with
-- ../postgres/0050_penalties.sql.

CREATE TABLE penalties (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    case_no TEXT NOT NULL,
    decision_no TEXT,
    party TEXT NOT NULL,
    party_id_no TEXT,
    facts TEXT NOT NULL,
    basis TEXT NOT NULL,
    kind TEXT NOT NULL,
    fine_fen BIGINT,
    handled_by TEXT NOT NULL,
    filed_on TEXT NOT NULL,
    notified_on TEXT,
    hearing_requested BOOLEAN NOT NULL DEFAULT FALSE,
    hearing_on TEXT,
    decided_on TEXT,
    served_on TEXT,
    enforcement TEXT,
    review_id BIGINT,
    historical BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    withdrawn_at TEXT,
    withdrawn_reason TEXT,
    CONSTRAINT penalties_fine_check CHECK (fine_fen >= 0),
    CONSTRAINT penalties_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT penalties_review_id_fkey FOREIGN KEY (review_id) REFERENCES review_requests (id),
    CONSTRAINT penalties_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX penalties_org_year_idx ON penalties (org_id, year);
