-- The complaints figures (storage/figures/complaints.rs, the annual report's 一(四)) join the
-- year's cached figures (storage::figures::SOURCES, 0049, 0041): a new or changed petition shows
-- on the dashboard and in the report at once. Kept in step with ../postgres/0052_complaint_figure_versions.sql.

INSERT INTO register_versions (register, version) VALUES ('complaints', 0);
CREATE TRIGGER complaints_version_insert AFTER INSERT ON complaints BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'complaints';
END;
CREATE TRIGGER complaints_version_update AFTER UPDATE ON complaints BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'complaints';
END;
CREATE TRIGGER complaints_version_delete AFTER DELETE ON complaints BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'complaints';
END;
