-- SQLite gets a trigram index of the disputes' search words here (../sqlite/0008_dispute_search.sql).
-- PostgreSQL keeps searching with LIKE: a parallel scan of 100,000 cases for a word found
-- nowhere takes about 25 ms, and pg_trgm, which could index it, only splits Chinese text into
-- trigrams where the database locale classifies Han characters as letters, which a C-locale
-- cluster may not. Numbered to keep both migration histories in step.
SELECT 1;
