-- Job-history partitions that heal themselves.
--
-- Partitions used to be created three days ahead by the leader only. With every worker stopped for longer
-- (scaled to zero), completions landed in job_history_default; from then on creating that day's partition
-- failed ("updated partition constraint for default partition would be violated by some row") and retention
-- never dropped those rows. Now each run also gives every day found in the default partition its own
-- partition, moving the rows there, under an advisory lock (workers start it together) and a lock timeout
-- (it never waits behind a long transaction for good).
CREATE OR REPLACE FUNCTION factwire.ensure_job_history_partitions(days_ahead integer DEFAULT 3) RETURNS integer
LANGUAGE plpgsql AS $fn$
DECLARE
    day date;
    created integer := 0;
    part text;
    lo timestamptz;
    hi timestamptz;
BEGIN
    PERFORM set_config('lock_timeout', '5s', true);
    PERFORM pg_advisory_xact_lock(hashtext('factwire.job_history_partitions'));
    FOR day IN
        SELECT d::date FROM generate_series((now() AT TIME ZONE 'UTC')::date, (now() AT TIME ZONE 'UTC')::date + days_ahead, interval '1 day') AS d
        UNION
        SELECT DISTINCT (finalized_at AT TIME ZONE 'UTC')::date FROM factwire.job_history_default
        ORDER BY 1
    LOOP
        part := 'job_history_' || to_char(day, 'YYYYMMDD');
        CONTINUE WHEN to_regclass('factwire.' || part) IS NOT NULL;
        lo := day::timestamp AT TIME ZONE 'UTC';
        hi := (day + 1)::timestamp AT TIME ZONE 'UTC';
        IF EXISTS (SELECT 1 FROM factwire.job_history_default WHERE finalized_at >= lo AND finalized_at < hi) THEN
            -- The day's rows are in the default partition: move them into a new table, then attach it.
            EXECUTE format('CREATE TABLE factwire.%I (LIKE factwire.job_history INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
            EXECUTE format(
                'WITH moved AS (DELETE FROM factwire.job_history_default WHERE finalized_at >= %L AND finalized_at < %L RETURNING *)
                 INSERT INTO factwire.%I SELECT * FROM moved', lo, hi, part);
            EXECUTE format('ALTER TABLE factwire.job_history ATTACH PARTITION factwire.%I FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
        ELSE
            EXECUTE format('CREATE TABLE factwire.%I PARTITION OF factwire.job_history FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
        END IF;
        created := created + 1;
    END LOOP;
    RETURN created;
END
$fn$;

SELECT factwire.ensure_job_history_partitions(3);
