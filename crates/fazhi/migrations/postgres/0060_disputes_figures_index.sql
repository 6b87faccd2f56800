-- SQLite widens its (org_id, registered_on) index of disputes here so that a year's figures are
-- read from the index alone (../sqlite/0060_disputes_figures_index.sql). PostgreSQL hashes the
-- same grouping in 131 ms at 100,000 cases (docs/scaling.md) and keeps the narrower index, which
-- a province's 3,000,000 cases make worth keeping small. Numbered to keep both histories in step.
SELECT 1;
