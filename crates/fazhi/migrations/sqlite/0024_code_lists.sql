-- Code lists as data (issue #14 point 3). A code with no org_id is national; one with an
-- org_id was added by that organisation and is seen by its subtree only. A code is never
-- deleted: `active` switches it off for new records while old records keep it. An alias is
-- another spelling of a code's name, accepted wherever the list is checked.
-- The national defaults are inserted at start-up from fazhi-domain (code_list::ListName), so a
-- release that adds a national code reaches existing databases without a migration.
-- Kept in step with ../postgres/0024_code_lists.sql; a test checks that both schemas agree.
CREATE TABLE code_list_codes (
    id INTEGER PRIMARY KEY,
    list TEXT NOT NULL,
    name TEXT NOT NULL,
    code TEXT,
    org_id BIGINT,
    active BOOLEAN NOT NULL,
    position BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT code_list_codes_list_org_id_name_key UNIQUE (list, org_id, name),
    CONSTRAINT code_list_codes_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id)
);
-- UNIQUE treats NULL org_ids as distinct: national names need their own index.
CREATE UNIQUE INDEX code_list_codes_national_key ON code_list_codes (list, name) WHERE org_id IS NULL;

CREATE TABLE code_list_aliases (
    id INTEGER PRIMARY KEY,
    list TEXT NOT NULL,
    alias TEXT NOT NULL,
    name TEXT NOT NULL,
    org_id BIGINT,
    created_at TEXT NOT NULL,
    CONSTRAINT code_list_aliases_list_org_id_alias_key UNIQUE (list, org_id, alias),
    CONSTRAINT code_list_aliases_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id)
);
CREATE UNIQUE INDEX code_list_aliases_national_key ON code_list_aliases (list, alias) WHERE org_id IS NULL;
