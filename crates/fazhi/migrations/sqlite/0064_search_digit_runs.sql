-- PostgreSQL's pairs index also holds the runs of digits in the searched fields
-- (../postgres/0064_search_digit_runs.sql). SQLite's trigram table (0008) already reads a case
-- number by its trigrams. Numbered to keep both histories in step.
SELECT 1;
