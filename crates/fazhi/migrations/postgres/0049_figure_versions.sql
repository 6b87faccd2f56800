-- A year's figures (dashboard, annual report, /api/v1/figures) are kept until one of the
-- registers they are read from changes (storage::figures::SOURCES, issue #20 item 5). Most of
-- those registers have versions already (0007, 0013, 0014); these are the rest, and the
-- organisations, whose paths decide what a scope covers and whose names label the figures.
-- Bumped once per statement, as the others are. Kept in step with
-- ../sqlite/0049_figure_versions.sql.

INSERT INTO register_versions (register, version) VALUES
    ('trainings', 0), ('screening_rounds', 0), ('duty_reports', 0), ('orgs', 0);

-- The register's name is the trigger's argument: one function for the four.
CREATE FUNCTION bump_register_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = TG_ARGV[0];
    RETURN NULL;
END;
$$;
CREATE TRIGGER trainings_version AFTER INSERT OR UPDATE OR DELETE ON trainings
    FOR EACH STATEMENT EXECUTE FUNCTION bump_register_version('trainings');
CREATE TRIGGER screening_rounds_version AFTER INSERT OR UPDATE OR DELETE ON screening_rounds
    FOR EACH STATEMENT EXECUTE FUNCTION bump_register_version('screening_rounds');
CREATE TRIGGER duty_reports_version AFTER INSERT OR UPDATE OR DELETE ON duty_reports
    FOR EACH STATEMENT EXECUTE FUNCTION bump_register_version('duty_reports');
CREATE TRIGGER orgs_version AFTER INSERT OR UPDATE OR DELETE ON orgs
    FOR EACH STATEMENT EXECUTE FUNCTION bump_register_version('orgs');
