-- 0002 job queue: the PostgreSQL queue between the services (QUEUE.md §6).
--
-- jobs holds live jobs only (scheduled, available, running, retryable); a job that finishes leaves it
-- in the same statement, for job_history (range-partitioned by day, pruned by dropping partitions) or
-- dead_jobs (kept until an operator acts). Every write after a claim is fenced by the claim's lease, a
-- number from lease_seq that is never reused: a worker that lost its lease changes nothing.

CREATE TYPE factwire.job_state AS ENUM ('scheduled', 'available', 'running', 'retryable');
CREATE TYPE factwire.final_state AS ENUM ('completed', 'cancelled', 'discarded');

CREATE SEQUENCE factwire.lease_seq;
COMMENT ON SEQUENCE factwire.lease_seq IS 'Fencing tokens: each claim takes the next value; never reused.';

CREATE TABLE factwire.jobs (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    queue               text NOT NULL CHECK (length(queue) BETWEEN 1 AND 128),
    kind                text NOT NULL CHECK (length(kind) BETWEEN 1 AND 128),
    state               factwire.job_state NOT NULL,
    priority            smallint NOT NULL DEFAULT 0,
    run_at              timestamptz NOT NULL DEFAULT now(),
    attempt             integer NOT NULL DEFAULT 0,
    max_attempts        integer NOT NULL DEFAULT 20 CHECK (max_attempts > 0),
    lease               bigint,
    leased_by           uuid,
    lease_expires_at    timestamptz,
    deadline_at         timestamptz,
    attempted_at        timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    cancel_requested_at timestamptz,
    args                jsonb NOT NULL DEFAULT '{}',
    meta                jsonb NOT NULL DEFAULT '{}',
    errors              jsonb NOT NULL DEFAULT '[]',
    unique_key          bytea,
    CONSTRAINT jobs_lease_iff_running CHECK ((state = 'running') = (lease IS NOT NULL))
) WITH (
    fillfactor = 90,
    autovacuum_vacuum_scale_factor = 0.01,
    autovacuum_vacuum_threshold = 500,
    autovacuum_vacuum_cost_delay = 0,
    autovacuum_analyze_scale_factor = 0.02
);

COMMENT ON TABLE factwire.jobs IS 'Live jobs only. Finished jobs move to job_history or dead_jobs in the same statement that finishes them.';
COMMENT ON COLUMN factwire.jobs.priority IS 'Lower runs first (0 is the default).';
COMMENT ON COLUMN factwire.jobs.run_at IS 'Not before this time. A scheduled or retryable job becomes available when it passes.';
COMMENT ON COLUMN factwire.jobs.attempt IS 'How many times the job has been claimed.';
COMMENT ON COLUMN factwire.jobs.lease IS 'Fencing token of the current claim; set only while running.';
COMMENT ON COLUMN factwire.jobs.leased_by IS 'Process id (uuid) of the worker that holds the lease.';
COMMENT ON COLUMN factwire.jobs.lease_expires_at IS 'The rescuer returns the job to the queue after this, unless the worker extends it.';
COMMENT ON COLUMN factwire.jobs.deadline_at IS 'Hard limit of one attempt, however often the lease is extended.';
COMMENT ON COLUMN factwire.jobs.cancel_requested_at IS 'Set by a cancel request; the worker cancels the running attempt.';
COMMENT ON COLUMN factwire.jobs.args IS 'The handler''s arguments. Small: reference large data by id.';
COMMENT ON COLUMN factwire.jobs.errors IS 'One object per failed attempt: at, attempt, error.';
COMMENT ON COLUMN factwire.jobs.unique_key IS 'SHA-256 of (kind, caller''s key): at most one live job per key.';

CREATE INDEX jobs_fetch_idx ON factwire.jobs (queue, priority, run_at, id) WHERE state = 'available';
CREATE INDEX jobs_due_idx ON factwire.jobs (run_at) WHERE state IN ('scheduled', 'retryable');
CREATE INDEX jobs_leases_idx ON factwire.jobs (lease_expires_at) WHERE state = 'running';
CREATE UNIQUE INDEX jobs_unique_key_idx ON factwire.jobs (unique_key) WHERE unique_key IS NOT NULL;

CREATE TABLE factwire.job_history (
    id            bigint NOT NULL,
    queue         text NOT NULL,
    kind          text NOT NULL,
    final_state   factwire.final_state NOT NULL,
    attempt       integer NOT NULL,
    max_attempts  integer NOT NULL,
    priority      smallint NOT NULL,
    args          jsonb NOT NULL,
    meta          jsonb NOT NULL,
    errors        jsonb NOT NULL,
    result        jsonb,
    created_at    timestamptz NOT NULL,
    attempted_at  timestamptz,
    finalized_at  timestamptz NOT NULL,
    PRIMARY KEY (finalized_at, id)
) PARTITION BY RANGE (finalized_at);

COMMENT ON TABLE factwire.job_history IS 'Finished jobs (completed, cancelled), one partition per UTC day; old days are dropped, not deleted.';
COMMENT ON COLUMN factwire.job_history.result IS 'What the handler reported on completion (small JSON), e.g. the article id.';

CREATE INDEX job_history_id_idx ON factwire.job_history (id);
CREATE TABLE factwire.job_history_default PARTITION OF factwire.job_history DEFAULT;

CREATE TABLE factwire.dead_jobs (
    id            bigint PRIMARY KEY,
    queue         text NOT NULL,
    kind          text NOT NULL,
    final_state   factwire.final_state NOT NULL,
    attempt       integer NOT NULL,
    max_attempts  integer NOT NULL,
    priority      smallint NOT NULL,
    args          jsonb NOT NULL,
    meta          jsonb NOT NULL,
    errors        jsonb NOT NULL,
    created_at    timestamptz NOT NULL,
    attempted_at  timestamptz,
    finalized_at  timestamptz NOT NULL
);
COMMENT ON TABLE factwire.dead_jobs IS 'Dead letters: jobs discarded or out of attempts. Kept until retried (back into jobs, same id) or removed by an operator.';
CREATE INDEX dead_jobs_finalized_idx ON factwire.dead_jobs (finalized_at DESC);

CREATE UNLOGGED TABLE factwire.queue_leader (
    name        text PRIMARY KEY DEFAULT 'default',
    leader_id   uuid NOT NULL,
    elected_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);
COMMENT ON TABLE factwire.queue_leader IS 'The one worker process that runs maintenance (stager, rescuer, partitions, pruning). A lease with a TTL; unlogged because a crash only means a new election.';

CREATE TABLE factwire.queues (
    name       text PRIMARY KEY,
    paused_at  timestamptz,
    updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE factwire.queues IS 'Per-queue switches. A queue with paused_at set is not claimed from.';

-- Creates the daily partitions of job_history from today (UTC) to today + days_ahead.
CREATE FUNCTION factwire.ensure_job_history_partitions(days_ahead integer DEFAULT 3) RETURNS integer
LANGUAGE plpgsql AS $fn$
DECLARE
    day date;
    created integer := 0;
    part text;
BEGIN
    FOR i IN 0..days_ahead LOOP
        day := (now() AT TIME ZONE 'UTC')::date + i;
        part := 'job_history_' || to_char(day, 'YYYYMMDD');
        IF to_regclass('factwire.' || part) IS NULL THEN
            EXECUTE format(
                'CREATE TABLE factwire.%I PARTITION OF factwire.job_history FOR VALUES FROM (%L) TO (%L)',
                part, (day::timestamp AT TIME ZONE 'UTC'), ((day + 1)::timestamp AT TIME ZONE 'UTC'));
            created := created + 1;
        END IF;
    END LOOP;
    RETURN created;
END
$fn$;

-- Drops the daily partitions of job_history older than keep_days (UTC). Returns how many were dropped.
CREATE FUNCTION factwire.drop_job_history_partitions(keep_days integer) RETURNS integer
LANGUAGE plpgsql AS $fn$
DECLARE
    part record;
    dropped integer := 0;
    cutoff text := 'job_history_' || to_char((now() AT TIME ZONE 'UTC')::date - keep_days, 'YYYYMMDD');
BEGIN
    FOR part IN
        SELECT c.relname FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'factwire.job_history'::regclass AND c.relname ~ '^job_history_[0-9]{8}$' AND c.relname < cutoff
    LOOP
        EXECUTE format('DROP TABLE factwire.%I', part.relname);
        dropped := dropped + 1;
    END LOOP;
    RETURN dropped;
END
$fn$;

SELECT factwire.ensure_job_history_partitions(3);

-- Enqueues one job from SQL, for scripts in any language. Returns the job id; with a unique_key that
-- a live job already holds, returns that job's id and inserts nothing. Wakes idle workers with
-- NOTIFY factwire_jobs (payload: the queue name) when the job is available at once.
CREATE FUNCTION factwire.enqueue(
    queue text,
    kind text,
    args jsonb DEFAULT '{}',
    priority smallint DEFAULT 0,
    run_at timestamptz DEFAULT NULL,
    max_attempts integer DEFAULT 20,
    unique_key text DEFAULT NULL,
    meta jsonb DEFAULT '{}'
) RETURNS bigint
LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
DECLARE
    job_id bigint;
    key bytea := CASE WHEN enqueue.unique_key IS NULL THEN NULL
                      ELSE sha256(convert_to(enqueue.kind || chr(31) || enqueue.unique_key, 'UTF8')) END;
    starts timestamptz := coalesce(enqueue.run_at, now());
BEGIN
    INSERT INTO factwire.jobs (queue, kind, args, priority, run_at, max_attempts, unique_key, meta, state)
    VALUES (enqueue.queue, enqueue.kind, enqueue.args, enqueue.priority, starts, enqueue.max_attempts, key, enqueue.meta,
            CASE WHEN starts <= now() THEN 'available'::factwire.job_state ELSE 'scheduled' END)
    ON CONFLICT (unique_key) WHERE unique_key IS NOT NULL DO NOTHING
    RETURNING id INTO job_id;
    IF job_id IS NULL THEN
        SELECT j.id INTO job_id FROM factwire.jobs j WHERE j.unique_key = key;
        RETURN job_id;
    END IF;
    IF starts <= now() THEN
        PERFORM pg_notify('factwire_jobs', enqueue.queue);
    END IF;
    RETURN job_id;
END
$fn$;
COMMENT ON FUNCTION factwire.enqueue(text, text, jsonb, smallint, timestamptz, integer, text, jsonb) IS
    'Enqueue a job from SQL: SELECT factwire.enqueue(''default'', ''kind'', ''{"x":1}''). Returns the job id.';
