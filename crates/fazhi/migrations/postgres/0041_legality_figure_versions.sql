-- The legality-review, decision, contract and normative-document figures (storage::figures::
-- legality and ::normative) are read from these registers, so a write to them must move the
-- figures' version (storage::figures::SOURCES; see 0049) or the dashboard, the annual report
-- and /api/v1/figures keep showing the counts from before it. Bumped once per statement (0049's
-- bump_register_version comes after this file, hence its own function).
-- Kept in step with ../sqlite/0041_legality_figure_versions.sql.

INSERT INTO register_versions (register, version) VALUES
    ('review_requests', 0), ('decisions', 0), ('contracts', 0), ('normative_documents', 0);

-- The register's name is the trigger's argument: one function for the four.
CREATE FUNCTION bump_legality_figure_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = TG_ARGV[0];
    RETURN NULL;
END;
$$;

CREATE TRIGGER review_requests_version AFTER INSERT OR UPDATE OR DELETE ON review_requests
    FOR EACH STATEMENT EXECUTE FUNCTION bump_legality_figure_version('review_requests');
CREATE TRIGGER decisions_version AFTER INSERT OR UPDATE OR DELETE ON decisions
    FOR EACH STATEMENT EXECUTE FUNCTION bump_legality_figure_version('decisions');
CREATE TRIGGER contracts_version AFTER INSERT OR UPDATE OR DELETE ON contracts
    FOR EACH STATEMENT EXECUTE FUNCTION bump_legality_figure_version('contracts');
CREATE TRIGGER normative_documents_version AFTER INSERT OR UPDATE OR DELETE ON normative_documents
    FOR EACH STATEMENT EXECUTE FUNCTION bump_legality_figure_version('normative_documents');
