-- The public portal (issue #17): each organisation's portal profile (address, office hours,
-- phones, the leader responsible for 政务公开, and its 政府信息公开指南, 政府信息公开条例 第十二条)
-- and the register of proactively disclosed items (政府信息公开目录, 第十二条、第二十六条) on the
-- revision kit (registers/disclosure_items/). An item's 索引号 is `org code/year-seq`, `seq`
-- counted per organisation and year of formation. Kept in step with ../postgres/0042_portal.sql.

CREATE TABLE portal_profiles (
    org_id BIGINT NOT NULL,
    address TEXT NOT NULL,
    office_hours TEXT NOT NULL,
    phones TEXT NOT NULL,
    disclosure_leader TEXT NOT NULL,
    guide TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by BIGINT,
    CONSTRAINT portal_profiles_pkey PRIMARY KEY (org_id),
    CONSTRAINT portal_profiles_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT portal_profiles_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users (id)
);

CREATE TABLE disclosure_items (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    index_no TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT,
    category TEXT NOT NULL,
    formed_on TEXT NOT NULL,
    published_on TEXT,
    due_on TEXT,
    due_explained TEXT,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    withdrawn_at TEXT,
    withdrawn_reason TEXT,
    CONSTRAINT disclosure_items_org_year_seq_key UNIQUE (org_id, year, seq),
    CONSTRAINT disclosure_items_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT disclosure_items_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX disclosure_items_org_published_idx ON disclosure_items (org_id, published_on);
