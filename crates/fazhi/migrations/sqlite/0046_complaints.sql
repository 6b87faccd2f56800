-- Complaints, reports and petitions (举报投诉 / 信访, 信访工作条例 2022): a register on the revision
-- kit (registers/complaints/). `year` is the year of receipt. The clocks' events are columns (one
-- acceptance decision, one approved extension, one 复查 and one 复核: the 条例 allows no more);
-- the due dates are recomputed from them by fazhi_domain::complaint on every write and kept
-- with their explanation. A case filed on the portal carries a tracking code, the argon2 hash of
-- its query password and the receipt text its verification string was computed over.
-- `reopened_from` links a case reopened after an unsatisfied callback (the old one is never
-- rewritten); `repeat_of` the earlier case of the same person about the same matter.
-- complaint_entries holds a case's investigation notes and its 督办 orders with their replies.
-- Kept in step with ../postgres/0046_complaints.sql.

CREATE TABLE complaints (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL,
    year BIGINT NOT NULL,
    channel TEXT NOT NULL,
    class TEXT NOT NULL,
    matter_type TEXT NOT NULL,
    statutory_route TEXT,
    petitioner_name TEXT NOT NULL,
    id_number TEXT,
    phone TEXT,
    address TEXT,
    representatives TEXT,
    subject TEXT NOT NULL,
    content TEXT NOT NULL,
    external_number TEXT,
    received_on TEXT NOT NULL,
    referred BOOLEAN NOT NULL DEFAULT FALSE,
    acceptance TEXT,
    accepted_on TEXT,
    decided_on TEXT,
    acceptance_note TEXT,
    referred_to TEXT,
    assignee TEXT,
    assigned_on TEXT,
    extension_days BIGINT,
    extension_approved_by TEXT,
    extension_reason TEXT,
    outcome TEXT,
    facts TEXT,
    reasons TEXT,
    opinion TEXT,
    legal_basis TEXT,
    remedies TEXT,
    concluded_on TEXT,
    satisfaction TEXT,
    callback_on TEXT,
    callback_note TEXT,
    review_requested_on TEXT,
    reviewed_on TEXT,
    review_opinion TEXT,
    recheck_requested_on TEXT,
    hearing_from TEXT,
    hearing_to TEXT,
    rechecked_on TEXT,
    recheck_opinion TEXT,
    acceptance_due TEXT,
    conclusion_due TEXT,
    due_on TEXT,
    due_explained TEXT,
    reopened_from BIGINT,
    repeat_of BIGINT,
    tracking_code TEXT,
    password_hash TEXT,
    receipt_text TEXT,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    withdrawn_at TEXT,
    withdrawn_reason TEXT,
    CONSTRAINT complaints_tracking_code_key UNIQUE (tracking_code),
    CONSTRAINT complaints_org_fkey FOREIGN KEY (org_id) REFERENCES orgs (id),
    CONSTRAINT complaints_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id),
    CONSTRAINT complaints_reopened_from_fkey FOREIGN KEY (reopened_from) REFERENCES complaints (id),
    CONSTRAINT complaints_repeat_of_fkey FOREIGN KEY (repeat_of) REFERENCES complaints (id)
);
CREATE INDEX complaints_org_year_idx ON complaints (org_id, year);
CREATE INDEX complaints_external_number_idx ON complaints (external_number);
CREATE INDEX complaints_phone_idx ON complaints (phone);
CREATE INDEX complaints_id_number_idx ON complaints (id_number);

CREATE TABLE complaint_entries (
    id INTEGER PRIMARY KEY,
    complaint_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    written_on TEXT NOT NULL,
    text TEXT NOT NULL,
    due_on TEXT,
    reply TEXT,
    replied_on TEXT,
    created_at TEXT NOT NULL,
    created_by BIGINT,
    CONSTRAINT complaint_entries_complaint_fkey FOREIGN KEY (complaint_id) REFERENCES complaints (id),
    CONSTRAINT complaint_entries_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
);
CREATE INDEX complaint_entries_complaint_idx ON complaint_entries (complaint_id);
