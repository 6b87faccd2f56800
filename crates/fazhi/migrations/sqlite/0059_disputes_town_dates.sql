-- PostgreSQL indexes each town's cases by date here (../postgres/0059_disputes_town_dates.sql)
-- for a province's database. SQLite holds a town or a county and keeps its date-index plan
-- (tests/it/search_plans.rs). Numbered to keep both migration histories in step.
SELECT 1;
