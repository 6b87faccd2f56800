-- Recomputation after a calendar change moves running deadlines by (rule, start date) group;
-- this index finds a group's members without scanning the whole table.
CREATE INDEX deadlines_rule_start_idx ON deadlines (rule_code, start_date);
