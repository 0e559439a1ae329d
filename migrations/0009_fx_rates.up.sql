-- Money in one currency: the ECB's daily euro reference rates (data/ecb/eurofxref-hist.csv, loaded by
-- `factwire rates import`), a conversion that averages the rate over a figure's period, and the
-- figures in USD and EUR beside their own currency.
CREATE TABLE factwire.fx_rates (
    currency text    NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    day      date    NOT NULL,
    per_eur  numeric NOT NULL CHECK (per_eur > 0),
    PRIMARY KEY (currency, day)
);
COMMENT ON TABLE factwire.fx_rates IS 'Source: European Central Bank (ECB), euro foreign exchange reference rates. Units of currency per euro on each day the ECB published one.';

-- A figure converted to `p_target`: with the rate averaged over the ECB's days in [p_start, p_end], or,
-- for a figure without dates, on the last day published on or before p_day. No rate is guessed: a
-- currency the ECB does not publish, or a period the loaded rates do not cover, gives NULL and says why.
CREATE FUNCTION factwire.fx_convert(p_value numeric, p_unit text, p_target text, p_start date, p_end date, p_day date,
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

-- The figures in USD and EUR (new columns at the end: queries of the earlier columns are unchanged).
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

-- A company's figures by period, for charts: its own currency and USD, with a label for the axis.
CREATE VIEW factwire.company_series AS
SELECT f.company_id, f.company, f.metric, f.growth_of, f.metric_detail, f.period_kind, f.fiscal_year, f.fiscal_quarter,
       f.fiscal_half, f.period_start, f.period_end,
       CASE f.period_kind
           WHEN 'quarter' THEN 'Q' || f.fiscal_quarter || ' FY' || f.fiscal_year
           WHEN 'half' THEN 'H' || f.fiscal_half || ' FY' || f.fiscal_year
           WHEN 'nine_months' THEN '9M FY' || f.fiscal_year
           WHEN 'month' THEN to_char(f.period_start, 'YYYY-MM')
           ELSE 'FY' || f.fiscal_year
       END AS period_label,
       f.value, f.unit, f.value_usd, f.sources, f.conflicting
FROM factwire.figures f
WHERE f.period_kind IN ('year', 'half', 'quarter', 'nine_months', 'month');
COMMENT ON VIEW factwire.company_series IS 'A company''s figures by period for charts: value in its own currency and in USD, period_label for the axis. ORDER BY period_end.';

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
