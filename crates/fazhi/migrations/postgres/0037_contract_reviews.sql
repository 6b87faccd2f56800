-- The review gate on contracts (对外协议合同): the legality review a signed contract went through
-- (`review_id`, a review request of kind 合同协议; the free-text `review_ref` stays for the
-- history), and `historical` for a contract that predates fazhi (let through the gate, marked
-- so). Numbered after 0036, which creates the table. Kept in step with
-- ../sqlite/0037_contract_reviews.sql.

ALTER TABLE contracts ADD COLUMN review_id BIGINT CONSTRAINT contracts_review_id_fkey REFERENCES review_requests (id);
ALTER TABLE contracts ADD COLUMN historical BOOLEAN NOT NULL DEFAULT FALSE;
