DROP TABLE factwire.kind_limits;
DROP TABLE factwire.periodic_jobs;
