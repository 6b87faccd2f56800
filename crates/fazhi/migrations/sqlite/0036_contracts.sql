-- External agreements and contracts (对外协议合同): a register on the revision kit from the start
-- (registers/contracts/). `year` is the year of signing, or of registration while unsigned.
-- Kept in step with ../postgres/0036_contracts.sql.

CREATE TABLE contracts (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    title TEXT NOT NULL,
    counterparty TEXT NOT NULL,
    counterparty_code TEXT,
    amount_fen BIGINT,
    handled_by TEXT NOT NULL,
    signed_on TEXT,
    starts_on TEXT,
    ends_on TEXT,
    review_ref TEXT,
    performance TEXT,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    withdrawn_at TEXT,
    withdrawn_reason TEXT,
    CONSTRAINT contracts_amount_check CHECK (amount_fen >= 0),
    CONSTRAINT contracts_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT contracts_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX contracts_org_year_idx ON contracts (org_id, year);
