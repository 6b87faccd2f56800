-- The year's plan (目标任务) and the annual assessment (考核), issue #19 items 5 and 6.
-- plan_tasks: a register on the revision kit (registers/plan_tasks/); a task made from a
-- finalised report's plan section keeps the report (`source_report_id`) and its place in it
-- (`source_seq`), so that making the list again adds nothing.
-- assessment_indicators: the county's indicator tree of one year (fazhi_domain::assessment),
-- points in tenths. assessment_entries: one town's self-assessment and the county's score of
-- one indicator. Kept in step with ../postgres/0056_plan_assessment.sql.

CREATE TABLE plan_tasks (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    task TEXT NOT NULL,
    owner TEXT,
    due_on TEXT,
    status TEXT NOT NULL,
    evidence_note TEXT,
    evidence_links TEXT,
    source_report_id BIGINT,
    source_seq BIGINT,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    withdrawn_at TEXT,
    withdrawn_reason TEXT,
    CONSTRAINT plan_tasks_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT plan_tasks_report_fkey FOREIGN KEY (source_report_id) REFERENCES report_snapshots (id),
    CONSTRAINT plan_tasks_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX plan_tasks_org_year_idx ON plan_tasks (org_id, year);
CREATE UNIQUE INDEX plan_tasks_source_idx ON plan_tasks (source_report_id, source_seq);

CREATE TABLE assessment_indicators (
    id INTEGER PRIMARY KEY,
    county_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    points_tenths BIGINT NOT NULL,
    method TEXT NOT NULL,
    evidence TEXT NOT NULL,
    position BIGINT NOT NULL,
    CONSTRAINT assessment_indicators_points_check CHECK (points_tenths >= 0),
    CONSTRAINT assessment_indicators_county_fkey FOREIGN KEY (county_id) REFERENCES orgs (id)
);
CREATE UNIQUE INDEX assessment_indicators_code_idx ON assessment_indicators (county_id, year, code);

CREATE TABLE assessment_entries (
    id INTEGER PRIMARY KEY,
    indicator_id BIGINT NOT NULL,
    town_id BIGINT NOT NULL,
    self_tenths BIGINT,
    self_note TEXT,
    evidence_links TEXT,
    score_tenths BIGINT,
    score_comment TEXT,
    updated_at TEXT NOT NULL,
    updated_by BIGINT,
    CONSTRAINT assessment_entries_indicator_fkey FOREIGN KEY (indicator_id) REFERENCES assessment_indicators (id),
    CONSTRAINT assessment_entries_town_fkey FOREIGN KEY (town_id) REFERENCES orgs (id),
    CONSTRAINT assessment_entries_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES users (id)
);
CREATE UNIQUE INDEX assessment_entries_town_idx ON assessment_entries (indicator_id, town_id);
