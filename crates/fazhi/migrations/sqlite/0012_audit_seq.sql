-- The position of each entry in the audit chain (1, 2, …), covered by its keyed hash, so that the
-- head kept outside the database (last id, hash and entry count) pins the chain's length.
-- Entries written before the chain was keyed have none until the first start re-keys them
-- (storage/audit.rs `ensure_keyed`).
ALTER TABLE audit_log ADD COLUMN seq BIGINT;
