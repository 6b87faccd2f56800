-- A search for a case number reads one case, not hundreds (issue #20, docs/scaling.md "Digit
-- runs"). The pairs of digits are few (100 of them), so each is in a tenth of all cases:
-- 〔2023〕777号, looked up by its pairs 〕7 & 77 & 7号, found 211 candidates at 100,000 cases for
-- LIKE to keep one. The pairs index of migration 0048 now also holds every maximal run of three
-- to twenty-four ASCII digits in a field as a lexeme of its own ('2023', '777'). A run that a
-- word holds between two other characters is a maximal run of any field containing the word,
-- so looking it up is exact (storage/search.rs `digit_runs`). A run's lexeme has three or more
-- characters, so it is never taken for a pair or a single character, and a one-character
-- prefix lookup ('7':*) that also matches it matches the run's own first pair as well: what a
-- search finds is unchanged (tests/it/search_parity.rs), only how many records LIKE reads.
-- Runs longer than 24 digits are left out (no identifier is that long, and a lexeme is bounded
-- at 2,047 bytes).

CREATE OR REPLACE FUNCTION search_bigrams(VARIADIC parts TEXT[]) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 1000 AS $$
DECLARE
    part TEXT;
    chars TEXT[];
    run TEXT;
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
        -- Most fields have no run of three digits: one match decides, without splitting.
        IF part ~ '[0-9]{3}' THEN
            FOREACH run IN ARRAY regexp_split_to_array(part, '[^0-9]+') LOOP
                IF length(run) BETWEEN 3 AND 24 THEN
                    grams := grams || run;
                END IF;
            END LOOP;
        END IF;
    END LOOP;
    RETURN array_to_tsvector(grams);
END;
$$;

-- The function is the indexes' expression: both are rebuilt with it, in this transaction.
REINDEX INDEX disputes_words_idx;
REINDEX INDEX consultations_words_idx;
