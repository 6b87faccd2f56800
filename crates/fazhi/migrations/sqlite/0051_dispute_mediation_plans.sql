-- Major-dispute mediation plans (重大矛盾纠纷调处方案) on the disputes register: the plan's
-- text, the day it was drawn up, the legality review of kind 重大矛盾纠纷调处方案 it went through
-- and the day it was carried out, which needs that review to have passed unless the plan
-- predates fazhi (`plan_historical`; statutes.md §3). Kept in step with
-- ../postgres/0051_dispute_mediation_plans.sql.

ALTER TABLE disputes ADD COLUMN plan_text TEXT;
ALTER TABLE disputes ADD COLUMN plan_drawn_on TEXT;
ALTER TABLE disputes ADD COLUMN plan_review_id BIGINT CONSTRAINT disputes_plan_review_id_fkey REFERENCES review_requests (id);
ALTER TABLE disputes ADD COLUMN plan_carried_out_on TEXT;
ALTER TABLE disputes ADD COLUMN plan_historical BOOLEAN NOT NULL DEFAULT FALSE;
