-- The disputes import's tables check their references once per statement instead of once per
-- row (issue #20 item 2: "foreign keys checked — validated once for the batch"). A foreign key
-- runs a lookup and takes a row lock for every row written: 600,000 of them for a 100,000-case
-- import (three organisations a case, one case per party, a case and an organisation per history
-- entry), 1.5 s of its 4.5 s in the database (docs/scaling.md "Imports"). These triggers look
-- up a whole statement's references in one query each, after the statement, and refuse it with
-- the same SQLSTATE (23503) if any is missing. SQLite keeps its foreign keys (../sqlite/0062).
--
-- What a foreign key did besides, and how it stays true:
-- - a referenced row cannot be deleted: the AFTER DELETE triggers below refuse it;
-- - a referenced id cannot change: organisations' and cases' ids are identities nothing
--   updates (storage/orgs.rs, storage/disputes.rs);
-- - a concurrent delete waits for the writer's row lock: fazhi never deletes an organisation
--   (it switches it off) or a case (it withdraws it), so only a hand-written DELETE racing an
--   import could leave a reference behind.
-- tests/it/references.rs checks every reference below on both backends.

-- TG_ARGV holds pairs: a column of the written table and the table its values are ids of.
CREATE FUNCTION references_exist() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    missing BIGINT;
BEGIN
    FOR i IN 0 .. TG_NARGS / 2 - 1 LOOP
        EXECUTE format(
            'SELECT n.%1$I FROM written n WHERE n.%1$I IS NOT NULL '
            'AND NOT EXISTS (SELECT 1 FROM %2$I p WHERE p.id = n.%1$I) LIMIT 1',
            TG_ARGV[2 * i], TG_ARGV[2 * i + 1]) INTO missing;
        IF missing IS NOT NULL THEN
            RAISE EXCEPTION 'insert or update on table "%" violates foreign key: %=% is not present in table "%"',
                TG_TABLE_NAME, TG_ARGV[2 * i], missing, TG_ARGV[2 * i + 1]
                USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME;
        END IF;
    END LOOP;
    RETURN NULL;
END;
$$;

-- TG_ARGV holds pairs: a table and its column that holds ids of the deleted table.
CREATE FUNCTION references_remain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    kept BIGINT;
BEGIN
    FOR i IN 0 .. TG_NARGS / 2 - 1 LOOP
        EXECUTE format(
            'SELECT g.id FROM gone g WHERE EXISTS (SELECT 1 FROM %1$I c WHERE c.%2$I = g.id) LIMIT 1',
            TG_ARGV[2 * i], TG_ARGV[2 * i + 1]) INTO kept;
        IF kept IS NOT NULL THEN
            RAISE EXCEPTION 'update or delete on table "%" violates foreign key: id=% is still referenced from table "%"',
                TG_TABLE_NAME, kept, TG_ARGV[2 * i]
                USING ERRCODE = 'foreign_key_violation', TABLE = TG_ARGV[2 * i];
        END IF;
    END LOOP;
    RETURN NULL;
END;
$$;

ALTER TABLE disputes
    DROP CONSTRAINT disputes_org_fkey,
    DROP CONSTRAINT disputes_town_fkey,
    DROP CONSTRAINT disputes_village_fkey;
ALTER TABLE dispute_parties DROP CONSTRAINT dispute_parties_dispute_fkey;
ALTER TABLE dispute_events
    DROP CONSTRAINT dispute_events_dispute_fkey,
    DROP CONSTRAINT dispute_events_org_fkey;

-- A trigger with a transition table serves one event, hence one for inserts and one for updates.
CREATE TRIGGER disputes_references_inserted AFTER INSERT ON disputes
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT
    EXECUTE FUNCTION references_exist('org_id', 'orgs', 'town_id', 'orgs', 'village_id', 'orgs');
CREATE TRIGGER disputes_references_updated AFTER UPDATE ON disputes
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT
    EXECUTE FUNCTION references_exist('org_id', 'orgs', 'town_id', 'orgs', 'village_id', 'orgs');
CREATE TRIGGER dispute_parties_references_inserted AFTER INSERT ON dispute_parties
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT
    EXECUTE FUNCTION references_exist('dispute_id', 'disputes');
CREATE TRIGGER dispute_parties_references_updated AFTER UPDATE ON dispute_parties
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT
    EXECUTE FUNCTION references_exist('dispute_id', 'disputes');
CREATE TRIGGER dispute_events_references_inserted AFTER INSERT ON dispute_events
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT
    EXECUTE FUNCTION references_exist('dispute_id', 'disputes', 'org_id', 'orgs');
CREATE TRIGGER dispute_events_references_updated AFTER UPDATE ON dispute_events
    REFERENCING NEW TABLE AS written FOR EACH STATEMENT
    EXECUTE FUNCTION references_exist('dispute_id', 'disputes', 'org_id', 'orgs');

CREATE TRIGGER orgs_disputes_references_deleted AFTER DELETE ON orgs
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT
    EXECUTE FUNCTION references_remain('disputes', 'org_id', 'disputes', 'town_id',
        'disputes', 'village_id', 'dispute_events', 'org_id');
CREATE TRIGGER disputes_references_deleted AFTER DELETE ON disputes
    REFERENCING OLD TABLE AS gone FOR EACH STATEMENT
    EXECUTE FUNCTION references_remain('dispute_parties', 'dispute_id', 'dispute_events', 'dispute_id');
