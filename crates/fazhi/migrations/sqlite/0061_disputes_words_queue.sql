-- PostgreSQL queues a large import's cases for its pairs index here
-- (../postgres/0061_disputes_words_queue.sql). SQLite's trigram table (0008) is kept by
-- triggers within the import and has no queue. Numbered to keep both histories in step.
SELECT 1;
