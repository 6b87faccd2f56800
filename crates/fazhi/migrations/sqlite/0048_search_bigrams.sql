-- PostgreSQL indexes the searched fields' character pairs here (../postgres/0048_search_bigrams.sql).
-- SQLite is unchanged: its trigram table of disputes (0008) serves words of three characters
-- or more, LIKE the shorter words and the consultations, with the same results
-- (tests/it/search_parity.rs). Numbered to keep both migration histories in step.
SELECT 1;
