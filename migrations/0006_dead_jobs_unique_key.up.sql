-- Dead letters keep their job's unique key, so a retried dead letter gets it back: a retry can then never
-- run beside a live job with the same key (the unique index on jobs refuses it, and the retry says why).
ALTER TABLE factwire.dead_jobs ADD COLUMN unique_key bytea;
COMMENT ON COLUMN factwire.dead_jobs.unique_key IS 'The unique key the job had while live (SHA-256, see jobs.unique_key); restored on retry.';
