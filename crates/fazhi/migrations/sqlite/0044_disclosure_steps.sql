-- The explicit steps on a disclosure request (registers/disclosure/steps.rs): the correction
-- period the one notice gives (政府信息公开条例 第三十条: no correction by then without good reason
-- is treated as abandoning the request), whom a consultation asked (第三方, 15 working days,
-- 第三十二条; or another body, 第三十四条), the day the extension was approved (第三十三条第二款),
-- the 信息处理费 notice (第四十二条, 国办函〔2020〕109号; in fen, so no float touches money) and
-- a later 行政复议 or 行政诉讼 over the reply (第五十一条), which the annual report counts.
-- Kept in step with ../postgres/0044_disclosure_steps.sql.

ALTER TABLE disclosure_requests ADD COLUMN correction_due_on TEXT;
ALTER TABLE disclosure_requests ADD COLUMN consulted_kind TEXT;
ALTER TABLE disclosure_requests ADD COLUMN extension_approved_on TEXT;
ALTER TABLE disclosure_requests ADD COLUMN fee_fen BIGINT;
ALTER TABLE disclosure_requests ADD COLUMN fee_noticed_on TEXT;
ALTER TABLE disclosure_requests ADD COLUMN fee_paid_on TEXT;
ALTER TABLE disclosure_requests ADD COLUMN remedy_kind TEXT;
ALTER TABLE disclosure_requests ADD COLUMN remedy_filed_on TEXT;
ALTER TABLE disclosure_requests ADD COLUMN remedy_result TEXT;
