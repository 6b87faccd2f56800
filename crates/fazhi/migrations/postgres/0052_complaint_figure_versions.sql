-- The complaints figures (storage/figures/complaints.rs, the annual report's 一(四)) join the
-- year's cached figures (storage::figures::SOURCES, 0049, 0041): a new or changed petition shows
-- on the dashboard and in the report at once. Kept in step with ../sqlite/0052_complaint_figure_versions.sql.

INSERT INTO register_versions (register, version) VALUES ('complaints', 0);
CREATE TRIGGER complaints_version AFTER INSERT OR UPDATE OR DELETE ON complaints
    FOR EACH STATEMENT EXECUTE FUNCTION bump_register_version('complaints');
