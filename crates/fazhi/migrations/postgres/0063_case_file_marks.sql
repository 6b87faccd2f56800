-- A case's page is kept while its row stays the same version (storage/case_file_cache.rs): the
-- row's xmin names the transaction that wrote it. The page also shows the case's lists, kept in
-- their own tables; so every statement that writes a case's parties, history, sessions, return
-- visits, deadlines or attachments touches the case's row here, and the row gets a new xmin —
-- whichever process wrote, whoever reads next. The organisations' names on the page follow the
-- 'orgs' version (0049).
--
-- A case already written in the same transaction is not touched again: its xmin is already that
-- transaction's, which no page kept before it can carry. That is every write fazhi makes along
-- with a step or an edit of the case, so only writes of a list alone (an attachment, a deadline
-- moved by the calendar, a hand-written statement) pay for the touch. An import, whose lists are
-- all of cases it has just created, says so (`fazhi.lists_of_new_cases`, storage/disputes.rs
-- `create_many`) and skips the check, which would read every new case once more (1 s of a
-- 100,000-case import). A touch is a write of the case row: it bumps the disputes register's
-- version (0007) like any other. Kept in step with ../sqlite/0063_case_file_marks.sql.

-- TG_ARGV: the written table's column that holds the case's id; then, for tables that hold
-- other registers' rows too, a column and the value that marks a case's row.
CREATE FUNCTION touch_cases() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('fazhi.lists_of_new_cases', TRUE) = 'on' THEN
        RETURN NULL;
    END IF;
    EXECUTE format(
        'UPDATE disputes SET id = id WHERE id IN (SELECT c.%1$I FROM changed c%2$s) '
        'AND xmin <> pg_current_xact_id()::xid',
        TG_ARGV[0],
        CASE WHEN TG_NARGS > 1 THEN format(' WHERE c.%I = %L', TG_ARGV[1], TG_ARGV[2]) ELSE '' END);
    RETURN NULL;
END;
$$;

-- A trigger with a transition table serves one event: three for each list.
DO $$
DECLARE
    list TEXT[];
BEGIN
    FOREACH list SLICE 1 IN ARRAY ARRAY[
        ['dispute_parties', 'dispute_id', '', ''],
        ['dispute_events', 'dispute_id', '', ''],
        ['dispute_sessions', 'dispute_id', '', ''],
        ['return_visits', 'dispute_id', '', ''],
        ['deadlines', 'record_id', 'register', 'dispute'],
        ['attachments', 'entity_id', 'entity', 'dispute']
    ] LOOP
        EXECUTE format(
            'CREATE TRIGGER %1$s_touch_inserted AFTER INSERT ON %1$I '
            'REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION touch_cases(%2$s); '
            'CREATE TRIGGER %1$s_touch_updated AFTER UPDATE ON %1$I '
            'REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION touch_cases(%2$s); '
            'CREATE TRIGGER %1$s_touch_deleted AFTER DELETE ON %1$I '
            'REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION touch_cases(%2$s)',
            list[1],
            CASE WHEN list[3] = '' THEN quote_literal(list[2])
                 ELSE concat_ws(', ', quote_literal(list[2]), quote_literal(list[3]),
                                quote_literal(list[4])) END);
    END LOOP;
END;
$$;
