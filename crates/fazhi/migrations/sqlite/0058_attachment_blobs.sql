-- Attachment contents kept in the database (issue #20 item 6; storage/blobs.rs), chosen with
-- `--attachments database` (on SQLite the default stays the `attachments/` directory).
-- Content-addressed: one row per distinct SHA-256, written before the `attachments` row that
-- refers to it. Kept in step with ../postgres/0058_attachment_blobs.sql.

CREATE TABLE attachment_blobs (
    sha256 TEXT PRIMARY KEY NOT NULL,
    size_bytes INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    CONSTRAINT attachment_blobs_size_check CHECK (size_bytes = length(bytes))
);
