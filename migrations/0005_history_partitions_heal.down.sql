-- Reverts 0005: the partition function as 0002 created it (partitions already made stay).
CREATE OR REPLACE FUNCTION factwire.ensure_job_history_partitions(days_ahead integer DEFAULT 3) RETURNS integer
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
