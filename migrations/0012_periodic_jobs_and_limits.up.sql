-- Periodic jobs and global concurrency limits (QUEUE.md: what the peers have that we lacked).

-- One row per registered periodic job. The leader enqueues a tick in the same statement that moves
-- last_tick past it, so each tick runs once however many leaders overlap.
CREATE TABLE factwire.periodic_jobs (
    name          text PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 128),
    kind          text NOT NULL CHECK (length(kind) BETWEEN 1 AND 128),
    queue         text NOT NULL CHECK (length(queue) BETWEEN 1 AND 128),
    schedule      text NOT NULL,
    args          jsonb NOT NULL DEFAULT '{}',
    missed        text NOT NULL CHECK (missed IN ('skip', 'run_once')),
    last_tick     timestamptz,
    last_job_id   bigint,
    last_fired_at timestamptz,
    next_tick     timestamptz,
    registered_at timestamptz NOT NULL DEFAULT now(),
    registered_by uuid
);
COMMENT ON TABLE factwire.periodic_jobs IS 'Schedules registered by workers. last_tick is the last tick handled (run, or passed over under the skip policy); the next leader goes on from there.';
COMMENT ON COLUMN factwire.periodic_jobs.missed IS 'Ticks that passed with no leader: skip them, or run_once for all of them.';

-- At most max_running jobs of a kind run at once across all workers; with partition_by, at most that
-- many per value of that argument. Enforced by the claim, under one advisory lock for limited kinds.
CREATE TABLE factwire.kind_limits (
    kind         text PRIMARY KEY CHECK (length(kind) BETWEEN 1 AND 128),
    max_running  integer NOT NULL CHECK (max_running > 0),
    partition_by text CHECK (partition_by IS NULL OR length(partition_by) BETWEEN 1 AND 128),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE factwire.kind_limits IS 'Global concurrency limits per job kind (and per argument value with partition_by). Claims started after a change obey it.';
