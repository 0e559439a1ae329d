-- Reverts 0007.
ALTER TABLE factwire.api_tokens DROP COLUMN IF EXISTS last_used_at;
