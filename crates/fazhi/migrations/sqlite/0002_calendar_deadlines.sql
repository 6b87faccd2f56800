-- Calendar data as loaded (national schedules and regional overlays, in load order) and the
-- running statutory deadlines of every register, recomputed whenever the calendar changes.

CREATE TABLE calendar_files (
    id INTEGER PRIMARY KEY,
    region TEXT,
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    loaded_by TEXT NOT NULL
);

CREATE TABLE deadlines (
    id INTEGER PRIMARY KEY,
    register TEXT NOT NULL,
    record_id BIGINT NOT NULL,
    org_id BIGINT NOT NULL,
    rule_code TEXT NOT NULL,
    label TEXT NOT NULL,
    link TEXT NOT NULL,
    region TEXT,
    start_date TEXT NOT NULL,
    due_date TEXT NOT NULL,
    provisional BOOLEAN NOT NULL,
    suspensions_json TEXT,
    extensions_json TEXT,
    settled_at TEXT,
    updated_at TEXT NOT NULL,
    CONSTRAINT deadlines_register_record_id_rule_code_key UNIQUE (register, record_id, rule_code),
    CONSTRAINT deadlines_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id)
);
CREATE INDEX deadlines_due_idx ON deadlines (due_date);
CREATE INDEX deadlines_org_idx ON deadlines (org_id);

CREATE TABLE deadline_changes (
    id INTEGER PRIMARY KEY,
    calendar_file_id BIGINT NOT NULL,
    deadline_id BIGINT NOT NULL,
    old_due TEXT NOT NULL,
    new_due TEXT NOT NULL,
    CONSTRAINT deadline_changes_calendar_file_fkey FOREIGN KEY (calendar_file_id) REFERENCES calendar_files (id),
    CONSTRAINT deadline_changes_deadline_fkey FOREIGN KEY (deadline_id) REFERENCES deadlines (id)
);
CREATE INDEX deadline_changes_file_idx ON deadline_changes (calendar_file_id);
