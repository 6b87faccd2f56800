-- A trigram index of the words staff search disputes by (case number, parties, summary, type),
-- so that a search for a rare word reads the few matching cases instead of all of them
-- (130 ms → under 1 ms with 100,000 cases). Words of one or two characters, which trigrams
-- cannot find, are still matched with LIKE. Kept in step with the register by triggers, so
-- imports, the command line and every later write are indexed too.
-- PostgreSQL searches with LIKE (see ../postgres/0008_dispute_search.sql).

CREATE VIRTUAL TABLE disputes_search USING fts5(
    case_no, parties_text, summary, dispute_type,
    content = 'disputes', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO disputes_search (disputes_search) VALUES ('rebuild');

CREATE TRIGGER disputes_search_insert AFTER INSERT ON disputes BEGIN
    INSERT INTO disputes_search (rowid, case_no, parties_text, summary, dispute_type)
    VALUES (new.id, new.case_no, new.parties_text, new.summary, new.dispute_type);
END;
CREATE TRIGGER disputes_search_delete AFTER DELETE ON disputes BEGIN
    INSERT INTO disputes_search (disputes_search, rowid, case_no, parties_text, summary, dispute_type)
    VALUES ('delete', old.id, old.case_no, old.parties_text, old.summary, old.dispute_type);
END;
CREATE TRIGGER disputes_search_update
AFTER UPDATE OF case_no, parties_text, summary, dispute_type ON disputes BEGIN
    INSERT INTO disputes_search (disputes_search, rowid, case_no, parties_text, summary, dispute_type)
    VALUES ('delete', old.id, old.case_no, old.parties_text, old.summary, old.dispute_type);
    INSERT INTO disputes_search (rowid, case_no, parties_text, summary, dispute_type)
    VALUES (new.id, new.case_no, new.parties_text, new.summary, new.dispute_type);
END;
