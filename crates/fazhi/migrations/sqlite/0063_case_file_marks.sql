-- PostgreSQL keeps cases' pages while their rows stay the same version, and touches a case's
-- row when its lists change (../postgres/0063_case_file_marks.sql). SQLite reads a page
-- in-process for less than that check would cost, and keeps none. Numbered to keep both
-- histories in step.
SELECT 1;
