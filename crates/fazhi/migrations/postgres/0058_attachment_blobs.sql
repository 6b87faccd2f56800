-- Attachment contents kept in the database (issue #20 item 6; storage/blobs.rs), so every
-- instance behind a load balancer reads the same files and pg_dump carries them. Content-
-- addressed: one row per distinct SHA-256, written before the `attachments` row that refers to
-- it. Used when fazhi runs with `--attachments database` (the default on PostgreSQL); with
-- `dir:` the files stay on disk and this table stays empty.
-- Kept in step with ../sqlite/0058_attachment_blobs.sql.

CREATE TABLE attachment_blobs (
    sha256 TEXT PRIMARY KEY,
    size_bytes BIGINT NOT NULL,
    bytes BYTEA NOT NULL,
    CONSTRAINT attachment_blobs_size_check CHECK (size_bytes = octet_length(bytes))
);

-- Photos, recordings, videos and PDF scans are compressed already: store them out of line
-- without trying pglz on every upload.
ALTER TABLE attachment_blobs ALTER COLUMN bytes SET STORAGE EXTERNAL;
