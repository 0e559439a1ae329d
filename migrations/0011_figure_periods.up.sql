-- Two corrections to the analytics of 0008-0010.
--
-- 1. factwire.figures grouped months, days ("as of March 31") and running totals by fiscal year alone,
--    so March and April of one year, or the first seven and first eight months, became one figure that
--    looked conflicting. For those kinds the period's dates are part of the key now; quarters, halves,
--    nine months and years keep their fiscal key, so that an assumed and a stated calendar still meet.
-- 2. The analyst role could not read factwire.company_fiscal_years (added by 0010 after the grants).
CREATE OR REPLACE VIEW factwire.figures AS
SELECT g.company_id, g.company, g.metric, g.growth_of, g.comparison, g.metric_detail, g.period_kind, g.fiscal_year,
       g.fiscal_quarter, g.fiscal_half, chosen.period_start, chosen.period_end, g.fiscal_assumed, g.unit, chosen.value,
       chosen.status, g.derived, g.sources, g.first_reported, g.last_reported,
       coalesce(g.stated_high - g.stated_low > 0.005 * abs(chosen.value), false) AS conflicting, g.fact_ids,
       usd.value AS value_usd, eur.value AS value_eur, usd.method AS fx_method, usd.note AS fx_note
FROM (
    SELECT f.company_id, c.name AS company, f.metric, f.growth_of, f.comparison, f.metric_detail, f.period_kind,
           f.fiscal_year, f.fiscal_quarter, f.fiscal_half, f.unit,
           CASE WHEN f.period_kind IN ('month', 'point', 'cumulative') THEN f.period_start END AS day_start,
           CASE WHEN f.period_kind IN ('month', 'point', 'cumulative') THEN f.period_end END AS day_end,
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
             f.fiscal_quarter, f.fiscal_half, f.unit, day_start, day_end
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
) chosen
CROSS JOIN LATERAL factwire.fx_convert(chosen.value, g.unit, 'USD', chosen.period_start, chosen.period_end, g.last_reported) usd
CROSS JOIN LATERAL factwire.fx_convert(chosen.value, g.unit, 'EUR', chosen.period_start, chosen.period_end, g.last_reported) eur;

CREATE OR REPLACE FUNCTION factwire.grant_analyst_reads() RETURNS boolean
LANGUAGE plpgsql AS $fn$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'factwire_analyst') THEN
        RETURN false;
    END IF;
    GRANT USAGE ON SCHEMA factwire TO factwire_analyst;
    GRANT SELECT ON factwire.articles, factwire.companies, factwire.company_aliases, factwire.article_companies,
                    factwire.facts, factwire.article_facts, factwire.company_figures, factwire.rd_intensity,
                    factwire.figures, factwire.fx_rates, factwire.company_series,
                    factwire.company_fiscal_years
        TO factwire_analyst;
    RETURN true;
END
$fn$;
SELECT factwire.grant_analyst_reads();
