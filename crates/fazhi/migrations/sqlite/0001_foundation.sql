-- Foundation: organisations, users, sessions, audit log, settings.
-- Kept in step with ../postgres/0001_foundation.sql; a test checks that both schemas agree.

CREATE TABLE orgs (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent_id BIGINT,
    path TEXT NOT NULL,
    region TEXT,
    created_at TEXT NOT NULL,
    CONSTRAINT orgs_code_key UNIQUE (code),
    CONSTRAINT orgs_kind_check CHECK (kind IN ('county', 'town', 'village', 'committee')),
    CONSTRAINT orgs_parent_fkey FOREIGN KEY (parent_id) REFERENCES orgs (id)
);
CREATE INDEX orgs_path_idx ON orgs (path);
CREATE INDEX orgs_parent_idx ON orgs (parent_id);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    must_change_password BOOLEAN NOT NULL,
    active BOOLEAN NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT users_username_key UNIQUE (username),
    CONSTRAINT users_role_check CHECK (role IN ('admin', 'leader', 'staff', 'mediator', 'adviser', 'enforcer', 'viewer')),
    CONSTRAINT users_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id)
);
CREATE INDEX users_org_idx ON users (org_id);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL,
    user_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT,
    CONSTRAINT sessions_token_hash_key UNIQUE (token_hash),
    CONSTRAINT sessions_kind_check CHECK (kind IN ('browser', 'api')),
    CONSTRAINT sessions_user_fkey FOREIGN KEY (user_id) REFERENCES users (id)
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id BIGINT,
    actor TEXT NOT NULL,
    org_id BIGINT,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    CONSTRAINT audit_log_hash_key UNIQUE (hash)
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id);
CREATE INDEX audit_log_org_idx ON audit_log (org_id);

CREATE TABLE settings (
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    CONSTRAINT settings_pkey PRIMARY KEY (key)
);
