-- 0005 indexes for the API's keyset pages: newest facts of a company, and of a metric.
CREATE INDEX facts_company_id_idx ON factwire.facts (company_id, id DESC);
DROP INDEX IF EXISTS factwire.facts_metric_idx;
CREATE INDEX facts_metric_id_idx ON factwire.facts (metric, id DESC) INCLUDE (company_id);
