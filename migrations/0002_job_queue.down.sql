-- Reverts 0002: drops the job queue and every job in it.
DROP FUNCTION IF EXISTS factwire.enqueue(text, text, jsonb, smallint, timestamptz, integer, text, jsonb);
DROP FUNCTION IF EXISTS factwire.drop_job_history_partitions(integer);
DROP FUNCTION IF EXISTS factwire.ensure_job_history_partitions(integer);
DROP TABLE IF EXISTS factwire.queues;
DROP TABLE IF EXISTS factwire.queue_leader;
DROP TABLE IF EXISTS factwire.dead_jobs;
DROP TABLE IF EXISTS factwire.job_history;
DROP TABLE IF EXISTS factwire.jobs;
DROP SEQUENCE IF EXISTS factwire.lease_seq;
DROP TYPE IF EXISTS factwire.final_state;
DROP TYPE IF EXISTS factwire.job_state;
