-- Settings of one organisation's annual report for one year (issue #15 item 8): its title
-- (法治政府建设年度报告 / 法治政府建设工作总结) and who signs it (镇人民政府, or 镇党委、镇人民政府).
CREATE TABLE report_settings (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    title_kind TEXT NOT NULL,
    signatories TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    CONSTRAINT report_settings_org_id_year_key UNIQUE (org_id, year),
    CONSTRAINT report_settings_title_kind_check CHECK (title_kind IN ('annual_report', 'work_summary')),
    CONSTRAINT report_settings_signatories_check CHECK (signatories IN ('government', 'party_and_government')),
    CONSTRAINT report_settings_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id)
);
