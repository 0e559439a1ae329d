-- When each API token was last used (to the minute), so operators can find unused tokens and rotate.
ALTER TABLE factwire.api_tokens ADD COLUMN last_used_at timestamptz;
COMMENT ON COLUMN factwire.api_tokens.last_used_at IS 'Last request made with the token, updated at most once a minute.';
