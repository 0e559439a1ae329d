-- Canonical periods: structured columns beside the free-text period, so that SQL can group a company's
-- figures by fiscal year and quarter and order them in time. The extractor resolves them (the
-- canonical_period of each fact) against the article's publication date and fiscal calendar;
-- store_extraction writes them. Facts stored before this migration keep NULLs until `factwire
-- reprocess` extracts their documents again.
ALTER TABLE factwire.facts
    ADD COLUMN period_kind    text CHECK (period_kind IN ('year', 'half', 'quarter', 'nine_months', 'month', 'ttm', 'cumulative', 'point')),
    ADD COLUMN fiscal_year    integer,
    ADD COLUMN fiscal_quarter smallint CHECK (fiscal_quarter BETWEEN 1 AND 4),
    ADD COLUMN fiscal_half    smallint CHECK (fiscal_half BETWEEN 1 AND 2),
    ADD COLUMN period_start   date,
    ADD COLUMN period_end     date,
    ADD COLUMN fiscal_assumed boolean,
    ADD CONSTRAINT facts_period_order CHECK (period_start <= period_end);
COMMENT ON COLUMN factwire.facts.period_kind IS 'year, half, quarter, nine_months, month, ttm, cumulative or point; NULL when the text gives no period.';
COMMENT ON COLUMN factwire.facts.fiscal_year IS 'Fiscal year, named by the calendar year in which it ends (FY2022 of an April-March company: April 2021 to March 2022). NULL when unknown.';
COMMENT ON COLUMN factwire.facts.fiscal_quarter IS '1-4 for quarters.';
COMMENT ON COLUMN factwire.facts.fiscal_half IS '1-2 for halves.';
COMMENT ON COLUMN factwire.facts.period_start IS 'First day of the period, when its year is known.';
COMMENT ON COLUMN factwire.facts.period_end IS 'Last day of the period, when its year is known.';
COMMENT ON COLUMN factwire.facts.fiscal_assumed IS 'true when the article states no fiscal calendar and the calendar year was assumed.';

-- A company's series: its figures of one metric in period order.
CREATE INDEX facts_series_idx ON factwire.facts (company_id, metric, fiscal_year, period_end)
    WHERE company_id IS NOT NULL AND fiscal_year IS NOT NULL;

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
                                evidence_end, alternatives, extractor_version, period_kind, fiscal_year, fiscal_quarter,
                                fiscal_half, period_start, period_end, fiscal_assumed)
    SELECT v_article_id, c.id, f->>'metric', f->>'growth_of', f->>'comparison', f->>'metric_detail', (f->>'value')::numeric,
           f->>'unit', f->>'qualifier', (f->'range'->>0)::numeric, (f->'range'->>1)::numeric, f->>'period', f->>'status',
           coalesce((f->>'derived')::boolean, false), coalesce(f->>'text', ''), f->>'evidence', (f->>'evidence_start')::integer,
           (f->>'evidence_end')::integer, f->'alternatives', p_version, f->'canonical_period'->>'kind',
           (f->'canonical_period'->>'fiscal_year')::integer, (f->'canonical_period'->>'fiscal_quarter')::smallint,
           (f->'canonical_period'->>'fiscal_half')::smallint, (f->'canonical_period'->>'start')::date,
           (f->'canonical_period'->>'end')::date, (f->'canonical_period'->>'fiscal_assumed')::boolean
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

-- The flat view of facts gains the canonical columns (at its end, so existing queries keep working).
CREATE OR REPLACE VIEW factwire.article_facts AS
SELECT f.id AS fact_id, a.id AS article_id, a.title, a.published, a.url, c.name AS company, f.metric, f.growth_of, f.metric_detail,
       f.comparison, f.value, f.unit, f.qualifier, f.range_low, f.range_high, f.period, f.status, f.derived, f.evidence,
       f.period_kind, f.fiscal_year, f.fiscal_quarter, f.fiscal_half, f.period_start, f.period_end
FROM factwire.facts f
JOIN factwire.articles a ON a.id = f.article_id
LEFT JOIN factwire.companies c ON c.id = f.company_id;

-- One figure from many articles: one row per company, metric (with growth_of, comparison and metric_detail),
-- canonical period and unit. The value is the one most articles agree on within 0.5 %; stated figures
-- come before derived ones and actual before forecast; then the newest report. The inner query groups
-- by the company's id and name, so a filter on either reaches facts_series_idx before anything is
-- aggregated; the choice among a group's few facts is made on arrays, without going back to the table.
CREATE VIEW factwire.figures AS
SELECT g.company_id, g.company, g.metric, g.growth_of, g.comparison, g.metric_detail, g.period_kind, g.fiscal_year,
       g.fiscal_quarter, g.fiscal_half, chosen.period_start, chosen.period_end, g.fiscal_assumed, g.unit, chosen.value,
       chosen.status, g.derived, g.sources, g.first_reported, g.last_reported,
       coalesce(g.stated_high - g.stated_low > 0.005 * abs(chosen.value), false) AS conflicting, g.fact_ids
FROM (
    SELECT f.company_id, c.name AS company, f.metric, f.growth_of, f.comparison, f.metric_detail, f.period_kind,
           f.fiscal_year, f.fiscal_quarter, f.fiscal_half, f.unit,
           array_agg(f.value ORDER BY f.id) AS fact_values,
           array_agg(f.article_id ORDER BY f.id) AS article_ids,
           array_agg(f.derived ORDER BY f.id) AS derivations,
           array_agg(f.status ORDER BY f.id) AS statuses,
           array_agg(a.published ORDER BY f.id) AS published,
           array_agg(f.period_start ORDER BY f.id) AS starts,
           array_agg(f.period_end ORDER BY f.id) AS ends,
           array_agg(f.id ORDER BY f.id) AS fact_ids,
           bool_and(f.fiscal_assumed) AS fiscal_assumed,
           bool_and(f.derived) AS derived,
           count(DISTINCT f.article_id) AS sources,
           min(coalesce(a.published, a.extracted_at::date)) AS first_reported,
           max(coalesce(a.published, a.extracted_at::date)) AS last_reported,
           max(f.value) FILTER (WHERE NOT f.derived) AS stated_high,
           min(f.value) FILTER (WHERE NOT f.derived) AS stated_low
    FROM factwire.facts f
    JOIN factwire.companies c ON c.id = f.company_id
    JOIN factwire.articles a ON a.id = f.article_id
    WHERE f.fiscal_year IS NOT NULL
    GROUP BY f.company_id, c.name, f.metric, f.growth_of, f.comparison, f.metric_detail, f.period_kind, f.fiscal_year,
             f.fiscal_quarter, f.fiscal_half, f.unit
) g
CROSS JOIN LATERAL (
    SELECT x.value, x.status, x.period_start, x.period_end
    FROM unnest(g.fact_values, g.article_ids, g.derivations, g.statuses, g.published, g.starts, g.ends, g.fact_ids)
         AS x(value, article_id, derived, status, published, period_start, period_end, id)
    ORDER BY x.derived, x.status <> 'actual',
             (SELECT count(DISTINCT y.article_id)
              FROM unnest(g.fact_values, g.article_ids) AS y(value, article_id)
              WHERE abs(y.value - x.value) <= 0.005 * abs(x.value)) DESC,
             x.published DESC NULLS LAST, x.id DESC
    LIMIT 1
) chosen;
COMMENT ON VIEW factwire.figures IS 'One figure from many articles: per company, metric, canonical period and unit, the value most articles agree on (within 0.5 %), how many articles report it, when, whether they conflict, and the facts behind it.';

-- A role for analysts and BI tools: SELECT on the article, fact and company tables and the views over
-- them, nothing on documents, tokens or the queue. Roles belong to the whole cluster, so it is created
-- once and granted its reads in every database. A migrating user that may not create roles gets a
-- notice instead; a superuser can then run CREATE ROLE factwire_analyst NOLOGIN, and
-- `factwire analyst grant LOGIN_ROLE` (which calls grant_analyst_reads) completes the grants.
CREATE FUNCTION factwire.grant_analyst_reads() RETURNS boolean
LANGUAGE plpgsql AS $fn$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'factwire_analyst') THEN
        RETURN false;
    END IF;
    GRANT USAGE ON SCHEMA factwire TO factwire_analyst;
    GRANT SELECT ON factwire.articles, factwire.companies, factwire.company_aliases, factwire.article_companies,
                    factwire.facts, factwire.article_facts, factwire.company_figures, factwire.rd_intensity,
                    factwire.figures
        TO factwire_analyst;
    RETURN true;
END
$fn$;
COMMENT ON FUNCTION factwire.grant_analyst_reads() IS
    'Grants factwire_analyst its reads on this database (false when the role does not exist). Idempotent.';

DO $analyst$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'factwire_analyst') THEN
        IF NOT (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
            RAISE NOTICE 'role factwire_analyst not created: % may not create roles', current_user;
            RETURN;
        END IF;
        CREATE ROLE factwire_analyst NOLOGIN;
        COMMENT ON ROLE factwire_analyst IS 'Factwire: read-only access to articles, facts, companies and their views.';
    END IF;
    PERFORM factwire.grant_analyst_reads();
END
$analyst$;
