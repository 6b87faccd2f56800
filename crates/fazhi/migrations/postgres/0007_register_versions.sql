-- A counter per register that every change bumps, by trigger, so that writes from the CLI or
-- another server instance count too. The disputes list caches the totals of a filtered set
-- against it instead of counting 100,000 rows on every page.
-- Kept in step with ../sqlite/0007_register_versions.sql.

CREATE TABLE register_versions (
    register TEXT NOT NULL,
    version BIGINT NOT NULL,
    CONSTRAINT register_versions_pkey PRIMARY KEY (register)
);
INSERT INTO register_versions (register, version) VALUES ('disputes', 0);

CREATE FUNCTION bump_disputes_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'disputes';
    RETURN NULL;
END;
$$;
-- Once per statement: a 100,000-row import bumps it once.
CREATE TRIGGER disputes_version AFTER INSERT OR UPDATE OR DELETE ON disputes
    FOR EACH STATEMENT EXECUTE FUNCTION bump_disputes_version();
