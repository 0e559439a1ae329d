-- Reverts 0005.
DROP INDEX IF EXISTS factwire.facts_metric_id_idx;
DROP INDEX IF EXISTS factwire.facts_company_id_idx;
CREATE INDEX IF NOT EXISTS facts_metric_idx ON factwire.facts (metric, id DESC);
