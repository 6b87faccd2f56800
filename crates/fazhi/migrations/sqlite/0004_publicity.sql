-- Legal publicity (普法) and cadre law study (学法用法): publicity events, the 谁执法谁普法
-- responsibility list, study sessions, law exams and year-end 述职述法.
-- Kept in step with ../postgres/0004_publicity.sql; a test checks that both schemas agree.
-- Multi-valued text (themes, campaigns, attendees) is joined by 、.

CREATE TABLE responsibility_items (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    unit TEXT NOT NULL,
    laws TEXT NOT NULL,
    audiences TEXT,
    measures TEXT,
    responsible TEXT,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    CONSTRAINT responsibility_items_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT responsibility_items_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX responsibility_items_org_year_idx ON responsibility_items (org_id, year);

CREATE TABLE publicity_events (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    held_on TEXT NOT NULL,
    name TEXT NOT NULL,
    organiser TEXT,
    venue_type TEXT NOT NULL,
    themes TEXT NOT NULL,
    campaigns TEXT NOT NULL,
    form TEXT,
    large_posters BIGINT NOT NULL,
    small_posters BIGINT NOT NULL,
    banners BIGINT NOT NULL,
    materials BIGINT NOT NULL,
    vehicle_trips BIGINT NOT NULL,
    beneficiaries BIGINT NOT NULL,
    responsibility_item_id BIGINT,
    notes TEXT,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    CONSTRAINT publicity_events_venue_type_check CHECK (venue_type IN ('enterprise', 'village', 'school', 'agency', 'grid', 'religious', 'other')),
    CONSTRAINT publicity_events_large_posters_check CHECK (large_posters >= 0),
    CONSTRAINT publicity_events_small_posters_check CHECK (small_posters >= 0),
    CONSTRAINT publicity_events_banners_check CHECK (banners >= 0),
    CONSTRAINT publicity_events_materials_check CHECK (materials >= 0),
    CONSTRAINT publicity_events_vehicle_trips_check CHECK (vehicle_trips >= 0),
    CONSTRAINT publicity_events_beneficiaries_check CHECK (beneficiaries >= 0),
    CONSTRAINT publicity_events_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT publicity_events_responsibility_item_fkey FOREIGN KEY (responsibility_item_id) REFERENCES responsibility_items (id),
    CONSTRAINT publicity_events_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX publicity_events_org_held_on_idx ON publicity_events (org_id, held_on);
CREATE INDEX publicity_events_held_on_idx ON publicity_events (held_on);
CREATE INDEX publicity_events_responsibility_item_idx ON publicity_events (responsibility_item_id);

CREATE TABLE study_sessions (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    held_on TEXT NOT NULL,
    form TEXT NOT NULL,
    laws TEXT NOT NULL,
    speaker TEXT,
    attendees TEXT NOT NULL,
    attendee_count BIGINT NOT NULL,
    hours REAL NOT NULL,
    notes TEXT,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    CONSTRAINT study_sessions_form_check CHECK (form IN ('central_group', 'pre_meeting', 'agency_collective', 'lecture', 'training_course', 'online')),
    CONSTRAINT study_sessions_attendee_count_check CHECK (attendee_count >= 0),
    CONSTRAINT study_sessions_hours_check CHECK (hours > 0),
    CONSTRAINT study_sessions_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT study_sessions_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX study_sessions_org_held_on_idx ON study_sessions (org_id, held_on);

CREATE TABLE law_exams (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    cadre TEXT NOT NULL,
    post TEXT,
    score REAL,
    passed BOOLEAN NOT NULL,
    taken_on TEXT,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    CONSTRAINT law_exams_org_id_year_cadre_key UNIQUE (org_id, year, cadre),
    CONSTRAINT law_exams_score_check CHECK (score >= 0),
    CONSTRAINT law_exams_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT law_exams_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX law_exams_year_idx ON law_exams (year);

CREATE TABLE duty_reports (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    leader TEXT NOT NULL,
    post TEXT,
    reported_on TEXT NOT NULL,
    form TEXT NOT NULL,
    evaluation TEXT,
    notes TEXT,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    CONSTRAINT duty_reports_org_id_year_leader_key UNIQUE (org_id, year, leader),
    CONSTRAINT duty_reports_form_check CHECK (form IN ('written', 'oral', 'meeting')),
    CONSTRAINT duty_reports_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT duty_reports_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX duty_reports_year_idx ON duty_reports (year);
