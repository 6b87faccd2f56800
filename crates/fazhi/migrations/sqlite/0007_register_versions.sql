-- A counter per register that every change bumps, by trigger, so that writes from the CLI or
-- another server instance count too. The disputes list caches the totals of a filtered set
-- against it instead of counting 100,000 rows on every page.
-- Kept in step with ../postgres/0007_register_versions.sql.

CREATE TABLE register_versions (
    register TEXT NOT NULL,
    version BIGINT NOT NULL,
    CONSTRAINT register_versions_pkey PRIMARY KEY (register)
);
INSERT INTO register_versions (register, version) VALUES ('disputes', 0);

CREATE TRIGGER disputes_version_insert AFTER INSERT ON disputes BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'disputes';
END;
CREATE TRIGGER disputes_version_update AFTER UPDATE ON disputes BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'disputes';
END;
CREATE TRIGGER disputes_version_delete AFTER DELETE ON disputes BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'disputes';
END;
