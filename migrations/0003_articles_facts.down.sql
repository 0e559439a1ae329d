-- Reverts 0003: drops articles, companies, facts and their views (documents stay).
DROP VIEW IF EXISTS factwire.queue_depth;
DROP VIEW IF EXISTS factwire.ingest_status;
DROP VIEW IF EXISTS factwire.rd_intensity;
DROP VIEW IF EXISTS factwire.company_figures;
DROP VIEW IF EXISTS factwire.article_facts;
DROP FUNCTION IF EXISTS factwire.enqueue_document(text, text, text);
DROP FUNCTION IF EXISTS factwire.store_extraction(bigint, jsonb, jsonb, jsonb, text);
DROP TABLE IF EXISTS factwire.facts;
DROP TABLE IF EXISTS factwire.article_companies;
DROP TABLE IF EXISTS factwire.company_aliases;
DROP TABLE IF EXISTS factwire.companies;
DROP TABLE IF EXISTS factwire.articles;
ALTER TABLE factwire.documents DROP COLUMN IF EXISTS ingested_at, DROP COLUMN IF EXISTS state;
