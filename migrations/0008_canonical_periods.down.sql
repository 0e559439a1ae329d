DO $analyst$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'factwire_analyst') THEN
        REVOKE SELECT ON factwire.articles, factwire.companies, factwire.company_aliases, factwire.article_companies,
                         factwire.facts, factwire.article_facts, factwire.company_figures, factwire.rd_intensity,
                         factwire.figures
            FROM factwire_analyst;
        REVOKE USAGE ON SCHEMA factwire FROM factwire_analyst;
    END IF;
END
$analyst$;
DROP FUNCTION factwire.grant_analyst_reads();
DROP VIEW IF EXISTS factwire.figures;
DROP VIEW factwire.article_facts;
CREATE VIEW factwire.article_facts AS
SELECT f.id AS fact_id, a.id AS article_id, a.title, a.published, a.url, c.name AS company, f.metric, f.growth_of, f.metric_detail,
       f.comparison, f.value, f.unit, f.qualifier, f.range_low, f.range_high, f.period, f.status, f.derived, f.evidence
FROM factwire.facts f
JOIN factwire.articles a ON a.id = f.article_id
LEFT JOIN factwire.companies c ON c.id = f.company_id;
COMMENT ON VIEW factwire.article_facts IS 'One row per fact, flat, with the article title and date and the company name.';
DROP INDEX IF EXISTS factwire.facts_series_idx;
CREATE OR REPLACE FUNCTION factwire.store_extraction(p_document_id bigint, p_article jsonb, p_facts jsonb, p_aliases jsonb, p_version text)
RETURNS bigint
LANGUAGE plpgsql AS $fn$
DECLARE
    v_article_id bigint;
BEGIN
    INSERT INTO factwire.articles AS a (document_id, url, section, title, dek, author, author_role, published, language, body,
                                        word_count, content_sha256, extractor_version, extracted_at)
    VALUES (p_document_id, p_article->>'url', p_article->>'section', p_article->>'title', p_article->>'dek', p_article->>'author',
            p_article->>'author_role', (p_article->>'published')::date, p_article->>'language', p_article->>'body',
            (p_article->>'word_count')::integer, p_article->>'content_sha256', p_version, now())
    ON CONFLICT (document_id) DO UPDATE SET
        url = EXCLUDED.url, section = EXCLUDED.section, title = EXCLUDED.title, dek = EXCLUDED.dek, author = EXCLUDED.author,
        author_role = EXCLUDED.author_role, published = EXCLUDED.published, language = EXCLUDED.language, body = EXCLUDED.body,
        word_count = EXCLUDED.word_count, content_sha256 = EXCLUDED.content_sha256, extractor_version = EXCLUDED.extractor_version,
        extracted_at = now()
    RETURNING a.id INTO v_article_id;

    -- Companies by key, inserted in key order so concurrent ingests take row locks in the same order.
    INSERT INTO factwire.companies (name, name_key)
    SELECT DISTINCT ON (f->>'company_key') f->>'company', f->>'company_key'
    FROM jsonb_array_elements(p_facts) f
    WHERE f->>'company_key' IS NOT NULL
    ORDER BY f->>'company_key'
    ON CONFLICT (name_key) DO NOTHING;

    INSERT INTO factwire.company_aliases (alias_key, alias, company_id)
    SELECT DISTINCT ON (x->>'alias_key') x->>'alias', x->>'alias_key', c.id
    FROM jsonb_array_elements(p_aliases) x JOIN factwire.companies c ON c.name_key = x->>'company_key'
    WHERE x->>'alias_key' <> x->>'company_key'
    ORDER BY x->>'alias_key'
    ON CONFLICT (alias_key) DO NOTHING;

    DELETE FROM factwire.facts WHERE article_id = v_article_id;
    DELETE FROM factwire.article_companies WHERE article_id = v_article_id;

    INSERT INTO factwire.facts (article_id, company_id, metric, growth_of, comparison, metric_detail, value, unit, qualifier,
                                range_low, range_high, period, status, derived, quantity_text, evidence, evidence_start,
                                evidence_end, alternatives, extractor_version)
    SELECT v_article_id, c.id, f->>'metric', f->>'growth_of', f->>'comparison', f->>'metric_detail', (f->>'value')::numeric,
           f->>'unit', f->>'qualifier', (f->'range'->>0)::numeric, (f->'range'->>1)::numeric, f->>'period', f->>'status',
           coalesce((f->>'derived')::boolean, false), coalesce(f->>'text', ''), f->>'evidence', (f->>'evidence_start')::integer,
           (f->>'evidence_end')::integer, f->'alternatives', p_version
    FROM jsonb_array_elements(p_facts) WITH ORDINALITY AS t(f, n)
    LEFT JOIN factwire.companies c ON c.name_key = f->>'company_key'
    ORDER BY n;

    INSERT INTO factwire.article_companies (article_id, company_id, facts)
    SELECT v_article_id, company_id, count(*) FROM factwire.facts WHERE article_id = v_article_id AND company_id IS NOT NULL
    GROUP BY company_id;

    UPDATE factwire.documents SET state = 'ingested', last_error = NULL, ingested_at = now() WHERE id = p_document_id;
    RETURN v_article_id;
END
$fn$;
ALTER TABLE factwire.facts
    DROP CONSTRAINT facts_period_order,
    DROP COLUMN period_kind, DROP COLUMN fiscal_year, DROP COLUMN fiscal_quarter, DROP COLUMN fiscal_half,
    DROP COLUMN period_start, DROP COLUMN period_end, DROP COLUMN fiscal_assumed;
