-- Publicity events, study sessions and law exams are counted once per version of their register
-- (storage::counts), like disputes (0007) and the case registers (0013), and paged newest first
-- from an index that matches their order.
-- Kept in step with ../sqlite/0014_small_list_versions.sql.

INSERT INTO register_versions (register, version) VALUES
    ('publicity_events', 0), ('study_sessions', 0), ('law_exams', 0);

CREATE FUNCTION bump_publicity_events_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'publicity_events';
    RETURN NULL;
END;
$$;
CREATE TRIGGER publicity_events_version AFTER INSERT OR UPDATE OR DELETE ON publicity_events
    FOR EACH STATEMENT EXECUTE FUNCTION bump_publicity_events_version();
CREATE FUNCTION bump_study_sessions_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'study_sessions';
    RETURN NULL;
END;
$$;
CREATE TRIGGER study_sessions_version AFTER INSERT OR UPDATE OR DELETE ON study_sessions
    FOR EACH STATEMENT EXECUTE FUNCTION bump_study_sessions_version();
CREATE FUNCTION bump_law_exams_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'law_exams';
    RETURN NULL;
END;
$$;
CREATE TRIGGER law_exams_version AFTER INSERT OR UPDATE OR DELETE ON law_exams
    FOR EACH STATEMENT EXECUTE FUNCTION bump_law_exams_version();

DROP INDEX publicity_events_held_on_idx;
CREATE INDEX publicity_events_held_on_idx ON publicity_events (held_on, id);
CREATE INDEX study_sessions_held_on_idx ON study_sessions (held_on, id);
-- Newest year first, then cadres A–Z: the order of the list, so a page is read from the index.
CREATE INDEX law_exams_year_cadre_idx ON law_exams (year DESC, cadre, id);
