-- Consultations and legal-aid referrals list like disputes (0007): totals cached against a
-- version that every write bumps by trigger, rows paged from a date index newest first, and the
-- records of one dispute found by index (a dispute's page lists them).
-- Kept in step with ../sqlite/0013_case_list_versions.sql.

INSERT INTO register_versions (register, version) VALUES ('consultations', 0), ('legal_aid', 0);

CREATE FUNCTION bump_consultations_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'consultations';
    RETURN NULL;
END;
$$;
CREATE TRIGGER consultations_version AFTER INSERT OR UPDATE OR DELETE ON consultations
    FOR EACH STATEMENT EXECUTE FUNCTION bump_consultations_version();

CREATE FUNCTION bump_legal_aid_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'legal_aid';
    RETURN NULL;
END;
$$;
CREATE TRIGGER legal_aid_version AFTER INSERT OR UPDATE OR DELETE ON legal_aid_referrals
    FOR EACH STATEMENT EXECUTE FUNCTION bump_legal_aid_version();

CREATE INDEX consultations_consulted_on_idx ON consultations (consulted_on, id);
CREATE INDEX consultations_dispute_idx ON consultations (dispute_id);
CREATE INDEX legal_aid_referrals_applied_on_idx ON legal_aid_referrals (applied_on, id);
CREATE INDEX legal_aid_referrals_dispute_idx ON legal_aid_referrals (dispute_id);
