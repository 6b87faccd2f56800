-- Disputes and people's mediation: the disputes register with parties, sessions, history and
-- return visits; consultations; legal-aid referrals; mediation committees, mediators and
-- trainings; screening rounds and village reports; attachments of any register.
-- Kept in step with ../postgres/0003_disputes.sql; a test checks that both schemas agree.

CREATE TABLE committees (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    term_start TEXT,
    term_end TEXT,
    multi_ethnic BOOLEAN NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT committees_org_id_name_key UNIQUE (org_id, name),
    CONSTRAINT committees_kind_check CHECK (kind IN ('village', 'town', 'industry')),
    CONSTRAINT committees_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id)
);
CREATE INDEX committees_org_idx ON committees (org_id);

CREATE TABLE mediators (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    committee_id BIGINT,
    name TEXT NOT NULL,
    sex TEXT,
    ethnicity TEXT,
    phone TEXT,
    position TEXT NOT NULL,
    full_time BOOLEAN NOT NULL,
    education TEXT,
    term_start TEXT,
    term_end TEXT,
    active BOOLEAN NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT mediators_sex_check CHECK (sex IN ('male', 'female')),
    CONSTRAINT mediators_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT mediators_committee_fkey FOREIGN KEY (committee_id) REFERENCES committees (id)
);
CREATE INDEX mediators_org_idx ON mediators (org_id);
CREATE INDEX mediators_committee_idx ON mediators (committee_id);

CREATE TABLE trainings (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    held_on TEXT NOT NULL,
    topic TEXT NOT NULL,
    trainer TEXT NOT NULL,
    attendees BIGINT NOT NULL,
    attendee_names TEXT NOT NULL,
    minutes BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT trainings_attendees_check CHECK (attendees >= 0),
    CONSTRAINT trainings_minutes_check CHECK (minutes >= 0),
    CONSTRAINT trainings_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id)
);
CREATE INDEX trainings_org_held_on_idx ON trainings (org_id, held_on);

CREATE TABLE screening_rounds (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT screening_rounds_kind_check CHECK (kind IN ('routine', 'special')),
    CONSTRAINT screening_rounds_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id)
);
CREATE INDEX screening_rounds_org_idx ON screening_rounds (org_id, starts_on);

CREATE TABLE screening_reports (
    id INTEGER PRIMARY KEY,
    round_id BIGINT NOT NULL,
    village_id BIGINT NOT NULL,
    org_id BIGINT NOT NULL,
    reported_on TEXT NOT NULL,
    found BIGINT NOT NULL,
    zero_report BOOLEAN NOT NULL,
    reporter TEXT NOT NULL,
    note TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT screening_reports_round_id_village_id_key UNIQUE (round_id, village_id),
    CONSTRAINT screening_reports_found_check CHECK (found >= 0),
    CONSTRAINT screening_reports_round_fkey FOREIGN KEY (round_id) REFERENCES screening_rounds (id),
    CONSTRAINT screening_reports_village_fkey FOREIGN KEY (village_id) REFERENCES orgs (id),
    CONSTRAINT screening_reports_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id)
);
CREATE INDEX screening_reports_org_idx ON screening_reports (org_id);

-- org_id is the organisation handling the case (the village, or the town once escalated) and
-- decides who sees it; village_id is where the dispute arose and stays put.
CREATE TABLE disputes (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    town_id BIGINT NOT NULL,
    village_id BIGINT,
    case_no TEXT NOT NULL,
    case_year BIGINT NOT NULL,
    case_seq BIGINT,
    registered_on TEXT NOT NULL,
    accepted_on TEXT,
    source TEXT NOT NULL,
    dispute_type TEXT NOT NULL,
    parties_text TEXT NOT NULL,
    summary TEXT NOT NULL,
    claims TEXT NOT NULL,
    risk TEXT NOT NULL,
    level TEXT NOT NULL,
    status TEXT NOT NULL,
    committee_id BIGINT,
    mediators TEXT NOT NULL,
    people_involved BIGINT NOT NULL,
    group_dispute BOOLEAN NOT NULL,
    screening_round_id BIGINT,
    amount_fen BIGINT,
    outcome_reason TEXT,
    transfer_target TEXT,
    escalated_on TEXT,
    closed_on TEXT,
    agreement_form TEXT NOT NULL,
    agreement_terms TEXT,
    performance_terms TEXT,
    responsibility TEXT,
    signatures_complete BOOLEAN NOT NULL,
    agreement_effective_on TEXT,
    performance TEXT,
    confirmation_applied BOOLEAN NOT NULL,
    confirmation_applied_on TEXT,
    confirmation_court TEXT,
    confirmation_ruling TEXT,
    confirmation_ruled_on TEXT,
    police_reported BOOLEAN NOT NULL,
    police_reported_on TEXT,
    police_recipient TEXT,
    overdue_reason TEXT,
    created_by BIGINT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT disputes_town_id_case_no_key UNIQUE (town_id, case_no),
    CONSTRAINT disputes_source_check CHECK (source IN ('screening', 'visit', 'phone', 'online', 'referred', 'court', 'police', 'other')),
    CONSTRAINT disputes_risk_check CHECK (risk IN ('low', 'medium', 'high')),
    CONSTRAINT disputes_level_check CHECK (level IN ('village', 'town')),
    CONSTRAINT disputes_status_check CHECK (status IN ('registered', 'accepted', 'rejected', 'mediating', 'succeeded', 'failed', 'terminated', 'transferred')),
    CONSTRAINT disputes_agreement_form_check CHECK (agreement_form IN ('written', 'oral', 'none')),
    CONSTRAINT disputes_performance_check CHECK (performance IN ('pending', 'partial', 'performed', 'refused')),
    CONSTRAINT disputes_confirmation_ruling_check CHECK (confirmation_ruling IN ('pending', 'valid', 'invalid')),
    CONSTRAINT disputes_people_involved_check CHECK (people_involved >= 0),
    CONSTRAINT disputes_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT disputes_town_fkey FOREIGN KEY (town_id) REFERENCES orgs (id),
    CONSTRAINT disputes_village_fkey FOREIGN KEY (village_id) REFERENCES orgs (id),
    CONSTRAINT disputes_committee_fkey FOREIGN KEY (committee_id) REFERENCES committees (id),
    CONSTRAINT disputes_screening_round_fkey FOREIGN KEY (screening_round_id) REFERENCES screening_rounds (id)
);
CREATE INDEX disputes_org_registered_on_idx ON disputes (org_id, registered_on);
CREATE INDEX disputes_registered_on_idx ON disputes (registered_on, id);
CREATE INDEX disputes_town_year_seq_idx ON disputes (town_id, case_year, case_seq);
CREATE INDEX disputes_village_idx ON disputes (village_id);
CREATE INDEX disputes_status_idx ON disputes (status);

CREATE TABLE dispute_parties (
    id INTEGER PRIMARY KEY,
    dispute_id BIGINT NOT NULL,
    position BIGINT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    sex TEXT,
    ethnicity TEXT,
    id_no TEXT,
    phone TEXT,
    address TEXT,
    CONSTRAINT dispute_parties_dispute_id_position_key UNIQUE (dispute_id, position),
    CONSTRAINT dispute_parties_kind_check CHECK (kind IN ('person', 'organisation')),
    CONSTRAINT dispute_parties_sex_check CHECK (sex IN ('male', 'female')),
    CONSTRAINT dispute_parties_dispute_fkey FOREIGN KEY (dispute_id) REFERENCES disputes (id)
);

CREATE TABLE dispute_sessions (
    id INTEGER PRIMARY KEY,
    dispute_id BIGINT NOT NULL,
    held_on TEXT NOT NULL,
    place TEXT NOT NULL,
    mediators TEXT NOT NULL,
    record TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT dispute_sessions_dispute_fkey FOREIGN KEY (dispute_id) REFERENCES disputes (id)
);
CREATE INDEX dispute_sessions_dispute_idx ON dispute_sessions (dispute_id);

-- The case's history: every transition and escalation, with the handling organisation at the
-- time, so a case escalated to the town keeps its village-level steps.
CREATE TABLE dispute_events (
    id INTEGER PRIMARY KEY,
    dispute_id BIGINT NOT NULL,
    org_id BIGINT NOT NULL,
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    level TEXT NOT NULL,
    on_date TEXT NOT NULL,
    note TEXT NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    CONSTRAINT dispute_events_dispute_fkey FOREIGN KEY (dispute_id) REFERENCES disputes (id),
    CONSTRAINT dispute_events_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id)
);
CREATE INDEX dispute_events_dispute_idx ON dispute_events (dispute_id);

CREATE TABLE return_visits (
    id INTEGER PRIMARY KEY,
    dispute_id BIGINT NOT NULL,
    visited_on TEXT NOT NULL,
    visitor TEXT NOT NULL,
    performance TEXT NOT NULL,
    note TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT return_visits_performance_check CHECK (performance IN ('pending', 'partial', 'performed', 'refused')),
    CONSTRAINT return_visits_dispute_fkey FOREIGN KEY (dispute_id) REFERENCES disputes (id)
);
CREATE INDEX return_visits_dispute_idx ON return_visits (dispute_id);

CREATE TABLE consultations (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    village_id BIGINT,
    consulted_on TEXT NOT NULL,
    channel TEXT NOT NULL,
    person TEXT NOT NULL,
    phone TEXT,
    topic TEXT NOT NULL,
    category TEXT NOT NULL,
    answer TEXT NOT NULL,
    aid_explained BOOLEAN NOT NULL,
    handler TEXT NOT NULL,
    follow_up TEXT NOT NULL,
    dispute_id BIGINT,
    created_at TEXT NOT NULL,
    CONSTRAINT consultations_channel_check CHECK (channel IN ('counter', 'phone', 'online', 'visit')),
    CONSTRAINT consultations_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT consultations_village_fkey FOREIGN KEY (village_id) REFERENCES orgs (id),
    CONSTRAINT consultations_dispute_fkey FOREIGN KEY (dispute_id) REFERENCES disputes (id)
);
CREATE INDEX consultations_org_consulted_on_idx ON consultations (org_id, consulted_on);

CREATE TABLE legal_aid_referrals (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    village_id BIGINT,
    applied_on TEXT NOT NULL,
    applicant TEXT NOT NULL,
    id_no TEXT,
    phone TEXT,
    matter TEXT NOT NULL,
    institution TEXT NOT NULL,
    referred_on TEXT,
    decision TEXT NOT NULL,
    decided_on TEXT,
    refusal_reason TEXT,
    lawyer TEXT,
    assigned_on TEXT,
    result TEXT NOT NULL,
    consultation_id BIGINT,
    dispute_id BIGINT,
    created_at TEXT NOT NULL,
    CONSTRAINT legal_aid_referrals_decision_check CHECK (decision IN ('pending', 'granted', 'refused')),
    CONSTRAINT legal_aid_referrals_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT legal_aid_referrals_village_fkey FOREIGN KEY (village_id) REFERENCES orgs (id),
    CONSTRAINT legal_aid_referrals_consultation_fkey FOREIGN KEY (consultation_id) REFERENCES consultations (id),
    CONSTRAINT legal_aid_referrals_dispute_fkey FOREIGN KEY (dispute_id) REFERENCES disputes (id)
);
CREATE INDEX legal_aid_referrals_org_applied_on_idx ON legal_aid_referrals (org_id, applied_on);

-- Files of any register's records, stored on disk by content hash (sha256 → ab/cdef…).
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    CONSTRAINT attachments_size_bytes_check CHECK (size_bytes >= 0),
    CONSTRAINT attachments_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id)
);
CREATE INDEX attachments_entity_idx ON attachments (entity, entity_id);
CREATE INDEX attachments_sha256_idx ON attachments (sha256);
