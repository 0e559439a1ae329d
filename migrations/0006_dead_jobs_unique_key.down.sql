-- Reverts 0006.
ALTER TABLE factwire.dead_jobs DROP COLUMN IF EXISTS unique_key;
