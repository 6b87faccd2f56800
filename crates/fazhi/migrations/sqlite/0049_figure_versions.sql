-- A year's figures (dashboard, annual report, /api/v1/figures) are kept until one of the
-- registers they are read from changes (storage::figures::SOURCES, issue #20 item 5). Most of
-- those registers have versions already (0007, 0013, 0014); these are the rest, and the
-- organisations, whose paths decide what a scope covers and whose names label the figures.
-- Kept in step with ../postgres/0049_figure_versions.sql.

INSERT INTO register_versions (register, version) VALUES
    ('trainings', 0), ('screening_rounds', 0), ('duty_reports', 0), ('orgs', 0);

CREATE TRIGGER trainings_version_insert AFTER INSERT ON trainings BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'trainings';
END;
CREATE TRIGGER trainings_version_update AFTER UPDATE ON trainings BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'trainings';
END;
CREATE TRIGGER trainings_version_delete AFTER DELETE ON trainings BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'trainings';
END;
CREATE TRIGGER screening_rounds_version_insert AFTER INSERT ON screening_rounds BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'screening_rounds';
END;
CREATE TRIGGER screening_rounds_version_update AFTER UPDATE ON screening_rounds BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'screening_rounds';
END;
CREATE TRIGGER screening_rounds_version_delete AFTER DELETE ON screening_rounds BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'screening_rounds';
END;
CREATE TRIGGER duty_reports_version_insert AFTER INSERT ON duty_reports BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'duty_reports';
END;
CREATE TRIGGER duty_reports_version_update AFTER UPDATE ON duty_reports BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'duty_reports';
END;
CREATE TRIGGER duty_reports_version_delete AFTER DELETE ON duty_reports BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'duty_reports';
END;
CREATE TRIGGER orgs_version_insert AFTER INSERT ON orgs BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'orgs';
END;
CREATE TRIGGER orgs_version_update AFTER UPDATE ON orgs BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'orgs';
END;
CREATE TRIGGER orgs_version_delete AFTER DELETE ON orgs BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'orgs';
END;
