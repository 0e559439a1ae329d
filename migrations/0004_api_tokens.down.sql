-- Reverts 0004: drops API tokens.
DROP TABLE IF EXISTS factwire.api_tokens;
