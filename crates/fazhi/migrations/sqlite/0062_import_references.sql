-- PostgreSQL checks the disputes import's references once per statement here
-- (../postgres/0062_import_references.sql); SQLite keeps its foreign keys, which cost it little.
-- Numbered to keep both histories in step.
SELECT 1;
