-- Organisation administration (issue 14 point 2): an organisation can be switched off (no new
-- records; everything kept and reported) and keeps the codes it had before a recode, which
-- imports, filters and the command line still accept.
-- Kept in step with ../postgres/0021_org_admin.sql; a test checks that both schemas agree.

ALTER TABLE orgs ADD COLUMN active BOOLEAN NOT NULL DEFAULT TRUE;

CREATE TABLE org_former_codes (
    code TEXT NOT NULL,
    org_id BIGINT NOT NULL,
    replaced_at TEXT NOT NULL,
    CONSTRAINT org_former_codes_pkey PRIMARY KEY (code),
    CONSTRAINT org_former_codes_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id)
);
CREATE INDEX org_former_codes_org_idx ON org_former_codes (org_id);
