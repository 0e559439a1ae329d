-- 0001 documents: raw submitted input, content-addressed.
--
-- Every document that reaches Factwire is kept byte for byte, whatever happens to it later: the
-- ingest worker reads it from here (queue payloads carry only its id), and bad input stays here with
-- the reason it was refused. Identical bytes are stored once (sha256 is unique).

CREATE SCHEMA IF NOT EXISTS factwire;

CREATE TABLE factwire.documents (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sha256       bytea NOT NULL UNIQUE CHECK (octet_length(sha256) = 32),
    content      bytea NOT NULL,
    media_type   text NOT NULL,
    source_url   text,
    byte_size    integer GENERATED ALWAYS AS (octet_length(content)) STORED,
    received_at  timestamptz NOT NULL DEFAULT now(),
    last_error   text
);

COMMENT ON TABLE factwire.documents IS 'Raw submitted input (page text, HTML, JSON), stored once per distinct content. Never deleted by ingestion.';
COMMENT ON COLUMN factwire.documents.sha256 IS 'SHA-256 of content: re-submitting identical bytes returns the existing row.';
COMMENT ON COLUMN factwire.documents.content IS 'The bytes exactly as submitted, before any decoding.';
COMMENT ON COLUMN factwire.documents.media_type IS 'text/plain, text/html, application/json (as submitted or detected).';
COMMENT ON COLUMN factwire.documents.source_url IS 'Where the document came from, when the submitter said.';
COMMENT ON COLUMN factwire.documents.last_error IS 'Why the latest ingestion attempt refused this document; NULL when it succeeded or has not run.';

CREATE INDEX documents_received_at_idx ON factwire.documents (received_at DESC);
