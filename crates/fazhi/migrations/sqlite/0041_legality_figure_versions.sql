-- The legality-review, decision, contract and normative-document figures (storage::figures::
-- legality and ::normative) are read from these registers, so a write to them must move the
-- figures' version (storage::figures::SOURCES; see 0049) or the dashboard, the annual report
-- and /api/v1/figures keep showing the counts from before it. Kept in step with
-- ../postgres/0041_legality_figure_versions.sql.

INSERT INTO register_versions (register, version) VALUES
    ('review_requests', 0), ('decisions', 0), ('contracts', 0), ('normative_documents', 0);

CREATE TRIGGER review_requests_version_insert AFTER INSERT ON review_requests BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'review_requests';
END;
CREATE TRIGGER review_requests_version_update AFTER UPDATE ON review_requests BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'review_requests';
END;
CREATE TRIGGER review_requests_version_delete AFTER DELETE ON review_requests BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'review_requests';
END;
CREATE TRIGGER decisions_version_insert AFTER INSERT ON decisions BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'decisions';
END;
CREATE TRIGGER decisions_version_update AFTER UPDATE ON decisions BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'decisions';
END;
CREATE TRIGGER decisions_version_delete AFTER DELETE ON decisions BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'decisions';
END;
CREATE TRIGGER contracts_version_insert AFTER INSERT ON contracts BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'contracts';
END;
CREATE TRIGGER contracts_version_update AFTER UPDATE ON contracts BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'contracts';
END;
CREATE TRIGGER contracts_version_delete AFTER DELETE ON contracts BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'contracts';
END;
CREATE TRIGGER normative_documents_version_insert AFTER INSERT ON normative_documents BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'normative_documents';
END;
CREATE TRIGGER normative_documents_version_update AFTER UPDATE ON normative_documents BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'normative_documents';
END;
CREATE TRIGGER normative_documents_version_delete AFTER DELETE ON normative_documents BEGIN
    UPDATE register_versions SET version = version + 1 WHERE register = 'normative_documents';
END;
