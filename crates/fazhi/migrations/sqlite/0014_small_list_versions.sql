-- Publicity events, study sessions and law exams are counted once per version of their register
-- (storage::counts), like disputes (0007) and the case registers (0013), and paged newest first
-- from an index that matches their order.
-- Kept in step with ../postgres/0014_small_list_versions.sql.

INSERT INTO register_versions (register, version) VALUES
    ('publicity_events', 0), ('study_sessions', 0), ('law_exams', 0);

CREATE TRIGGER publicity_events_version_insert AFTER INSERT ON publicity_events BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'publicity_events';
END;
CREATE TRIGGER publicity_events_version_update AFTER UPDATE ON publicity_events BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'publicity_events';
END;
CREATE TRIGGER publicity_events_version_delete AFTER DELETE ON publicity_events BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'publicity_events';
END;
CREATE TRIGGER study_sessions_version_insert AFTER INSERT ON study_sessions BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'study_sessions';
END;
CREATE TRIGGER study_sessions_version_update AFTER UPDATE ON study_sessions BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'study_sessions';
END;
CREATE TRIGGER study_sessions_version_delete AFTER DELETE ON study_sessions BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'study_sessions';
END;
CREATE TRIGGER law_exams_version_insert AFTER INSERT ON law_exams BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'law_exams';
END;
CREATE TRIGGER law_exams_version_update AFTER UPDATE ON law_exams BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'law_exams';
END;
CREATE TRIGGER law_exams_version_delete AFTER DELETE ON law_exams BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'law_exams';
END;

DROP INDEX publicity_events_held_on_idx;
CREATE INDEX publicity_events_held_on_idx ON publicity_events (held_on, id);
CREATE INDEX study_sessions_held_on_idx ON study_sessions (held_on, id);
-- Newest year first, then cadres A–Z: the order of the list, so a page is read from the index.
CREATE INDEX law_exams_year_cadre_idx ON law_exams (year DESC, cadre, id);
