DROP INDEX factwire.companies_name_idx;
CREATE OR REPLACE FUNCTION factwire.fx_convert(p_value numeric, p_unit text, p_target text, p_start date, p_end date, p_day date,
                                    OUT value numeric, OUT method text, OUT note text)
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $fn$
DECLARE
    v_rate numeric;
    v_currency text;
BEGIN
    IF p_unit !~ '^[A-Z]{3}$' THEN
        RETURN;  -- not money: nothing to convert, nothing to say
    END IF;
    IF p_unit = p_target THEN
        value := p_value;
        method := 'same_currency';
        RETURN;
    END IF;
    FOREACH v_currency IN ARRAY ARRAY[p_unit, p_target] LOOP
        IF v_currency <> 'EUR' AND NOT EXISTS (SELECT 1 FROM factwire.fx_rates r WHERE r.currency = v_currency) THEN
            note := 'the ECB publishes no reference rate for ' || v_currency
                    || CASE WHEN NOT EXISTS (SELECT 1 FROM factwire.fx_rates) THEN ' (no rates loaded: factwire rates import)' ELSE '' END;
            RETURN;
        END IF;
    END LOOP;
    IF p_start IS NOT NULL AND p_end IS NOT NULL THEN
        method := 'period_average';
        -- The mean of the day's rates; each side through the euro (1 for the euro itself).
        IF p_unit = 'EUR' THEN
            SELECT avg(per_eur) INTO v_rate FROM factwire.fx_rates
            WHERE currency = p_target AND day BETWEEN p_start AND p_end;
        ELSIF p_target = 'EUR' THEN
            SELECT avg(1 / per_eur) INTO v_rate FROM factwire.fx_rates
            WHERE currency = p_unit AND day BETWEEN p_start AND p_end;
        ELSE
            SELECT avg(t.per_eur / f.per_eur) INTO v_rate
            FROM factwire.fx_rates f JOIN factwire.fx_rates t ON t.currency = p_target AND t.day = f.day
            WHERE f.currency = p_unit AND f.day BETWEEN p_start AND p_end;
        END IF;
    ELSIF p_day IS NOT NULL THEN
        method := 'point';
        SELECT coalesce(t.per_eur, 1) / coalesce(f.per_eur, 1) INTO v_rate
        FROM (SELECT max(day) AS day FROM factwire.fx_rates
              WHERE currency IN (p_unit, p_target) AND day BETWEEN p_day - 7 AND p_day) d
        LEFT JOIN factwire.fx_rates f ON f.currency = p_unit AND f.day = d.day
        LEFT JOIN factwire.fx_rates t ON t.currency = p_target AND t.day = d.day
        WHERE (p_unit = 'EUR' OR f.per_eur IS NOT NULL) AND (p_target = 'EUR' OR t.per_eur IS NOT NULL);
    ELSE
        note := 'the figure has no date to take a rate for';
        RETURN;
    END IF;
    IF v_rate IS NULL THEN
        method := NULL;
        note := 'no ECB rates for ' || p_unit || ' and ' || p_target || ' in the period (import a newer file)';
        RETURN;
    END IF;
    value := p_value * v_rate;
END
$fn$;
COMMENT ON FUNCTION factwire.fx_convert(numeric, text, text, date, date, date) IS
    'Converts an amount with the ECB reference rates: averaged over [start, end], else on the last day published by day. NULL value with a note when no rate exists.';

DROP TABLE factwire.fx_monthly;
DROP TRIGGER fx_rates_inserted ON factwire.fx_rates;
DROP TRIGGER fx_rates_updated ON factwire.fx_rates;
DROP TRIGGER fx_rates_deleted ON factwire.fx_rates;
DROP TRIGGER fx_rates_truncated ON factwire.fx_rates;
DROP FUNCTION factwire.fx_rates_changed();
DROP FUNCTION factwire.refresh_fx_monthly(date[]);
-- Back to 0009's figures view and grants.
CREATE OR REPLACE VIEW factwire.figures AS
SELECT g.company_id, g.company, g.metric, g.growth_of, g.comparison, g.metric_detail, g.period_kind, g.fiscal_year,
       g.fiscal_quarter, g.fiscal_half, chosen.period_start, chosen.period_end, g.fiscal_assumed, g.unit, chosen.value,
       chosen.status, g.derived, g.sources, g.first_reported, g.last_reported,
       coalesce(g.stated_high - g.stated_low > 0.005 * abs(chosen.value), false) AS conflicting, g.fact_ids,
       usd.value AS value_usd, eur.value AS value_eur, usd.method AS fx_method, usd.note AS fx_note
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
                    factwire.figures, factwire.fx_rates, factwire.company_series
        TO factwire_analyst;
    RETURN true;
END
$fn$;
SELECT factwire.grant_analyst_reads();
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'factwire_analyst') THEN
        REVOKE SELECT ON factwire.company_fiscal_years FROM factwire_analyst;
    END IF;
END
$$;
