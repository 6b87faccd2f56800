-- The annual report: narrative parts written by staff (per organisation, year and section;
-- earlier versions are kept in the audit log), and final snapshots published on the portal.

CREATE TABLE report_narratives (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    section TEXT NOT NULL,
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    CONSTRAINT report_narratives_org_id_year_section_key UNIQUE (org_id, year, section),
    CONSTRAINT report_narratives_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id)
);

CREATE TABLE report_snapshots (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    title TEXT NOT NULL,
    figures_json TEXT NOT NULL,
    markdown TEXT NOT NULL,
    html TEXT NOT NULL,
    finalized_at TEXT NOT NULL,
    finalized_by TEXT NOT NULL,
    CONSTRAINT report_snapshots_org_id_year_key UNIQUE (org_id, year),
    CONSTRAINT report_snapshots_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id)
);
