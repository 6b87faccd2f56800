-- A large import leaves its cases' words for afterwards (issue #20 item 2, docs/scaling.md
-- "Imports"). Indexing the character pairs of 100,000 cases (migration 0048) is ~50 GIN entries a
-- case, 4–5 s of the import's one transaction; queued, the cases are written and committed in
-- the time their rows take, and storage/search.rs `index_queued_words` moves them into the index
-- in small transactions right after. Until then a search finds them by LIKE (the queue's own
-- index below), so what a search finds never depends on the queue.
ALTER TABLE disputes ADD COLUMN words_queued BOOLEAN NOT NULL DEFAULT FALSE;

DROP INDEX disputes_words_idx;
CREATE INDEX disputes_words_idx ON disputes
    USING gin (search_bigrams(case_no, parties_text, summary, dispute_type))
    WHERE NOT words_queued;
CREATE INDEX disputes_words_queue_idx ON disputes (id) WHERE words_queued;
