-- Search on an index (issue #20 item 1): every list search word is looked up in a GIN index of
-- the searched fields' character pairs instead of a LIKE scan of the register. Kept in step with
-- ../sqlite/0048_search_bigrams.sql (SQLite keeps its trigram table, 0008).
--
-- Why pairs, not pg_trgm: a trigram index cannot find a word of one or two characters (王, 尔兰),
-- pg_trgm only splits Han text where the cluster's locale classifies Han characters as letters,
-- and it is an extension a server may not have installed. Pairs need nothing but core
-- PostgreSQL and serve every length (docs/scaling.md has the plans and timings):
--   one character c:    a pair starting with c, or c ending a field ('c':* prefix match);
--   two characters:     that pair;
--   three or more:      every pair of the word, then LIKE on the few cases that have them all.
-- The lexemes are built with array_to_tsvector (no dictionary, no parser: nothing is dropped
-- or stemmed); ASCII letters are folded to lower case as SQLite's LIKE does, so both backends
-- find the same cases (tests/it/search_parity.rs). Fields are taken one by one, so no pair
-- spans two fields. The index is on an expression, so every write (imports, the command line,
-- edits) keeps it current without triggers.

CREATE FUNCTION search_bigrams(VARIADIC parts TEXT[]) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$
DECLARE
    part TEXT;
    chars TEXT[];
    grams TEXT[] := '{}';
BEGIN
    FOREACH part IN ARRAY parts LOOP
        CONTINUE WHEN part IS NULL OR part = '';
        chars := string_to_array(
            translate(part, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), NULL);
        FOR i IN 1 .. cardinality(chars) - 1 LOOP
            grams := grams || (chars[i] || chars[i + 1]);
        END LOOP;
        grams := grams || chars[cardinality(chars)];
    END LOOP;
    RETURN array_to_tsvector(grams);
END;
$$;

-- The argument lists are the ones storage/search.rs writes in its queries (the planner matches
-- the expression), in the same order.
CREATE INDEX disputes_words_idx ON disputes
    USING gin (search_bigrams(case_no, parties_text, summary, dispute_type));
CREATE INDEX consultations_words_idx ON consultations
    USING gin (search_bigrams(person, topic));
