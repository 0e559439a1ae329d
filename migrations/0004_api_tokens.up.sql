-- 0004 API tokens: bearer tokens for query-worker clients without client certificates.
--
-- Only the SHA-256 of a token is stored; `factwire tokens create --role read` prints the token once.

CREATE TABLE factwire.api_tokens (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_sha256 bytea NOT NULL UNIQUE CHECK (octet_length(token_sha256) = 32),
    role         text NOT NULL CHECK (role IN ('ingest', 'read', 'admin')),
    label        text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz
);
COMMENT ON TABLE factwire.api_tokens IS 'Bearer tokens of the HTTPS API (used when the query worker runs without mutual TLS). Only hashes are kept.';
COMMENT ON COLUMN factwire.api_tokens.token_sha256 IS 'SHA-256 of the token; the token itself is shown once, at creation.';
COMMENT ON COLUMN factwire.api_tokens.role IS 'ingest (submit), read (query), admin (everything).';
COMMENT ON COLUMN factwire.api_tokens.revoked_at IS 'Set to revoke: the token stops working at once.';
