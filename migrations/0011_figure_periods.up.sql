-- Two corrections to the analytics of 0008-0010.
--
-- 1. factwire.figures grouped months, days ("as of March 31") and running totals by fiscal year alone,
--    so March and April of one year, or the first seven and first eight months, became one figure that
--    looked conflicting. For those kinds the period's dates are part of the key now; quarters, halves,
--    nine months and years keep their fiscal key, so that an assumed and a stated calendar still meet.
-- 2. The conversions are computed only when a query reads them (a sub-select per column, left out of
--    the plan when unused), not for every row: a company's series in its own currency converts nothing.
--    A query reading value_usd, fx_method and fx_note converts once per column.
-- 3. The analyst role could not read factwire.company_fiscal_years (added by 0010 after the grants).
--    (4 and 5 below: speed.)
CREATE OR REPLACE VIEW factwire.figures AS
SELECT g.company_id, g.company, g.metric, g.growth_of, g.comparison, g.metric_detail, g.period_kind, g.fiscal_year,
       g.fiscal_quarter, g.fiscal_half, chosen.period_start, chosen.period_end, g.fiscal_assumed, g.unit, chosen.value,
       chosen.status, g.derived, g.sources, g.first_reported, g.last_reported,
       coalesce(g.stated_high - g.stated_low > 0.005 * abs(chosen.value), false) AS conflicting, g.fact_ids,
       (SELECT c.value FROM factwire.fx_convert(chosen.value, g.unit, 'USD', chosen.period_start, chosen.period_end, g.last_reported) c) AS value_usd,
       (SELECT c.value FROM factwire.fx_convert(chosen.value, g.unit, 'EUR', chosen.period_start, chosen.period_end, g.last_reported) c) AS value_eur,
       (SELECT c.method FROM factwire.fx_convert(chosen.value, g.unit, 'USD', chosen.period_start, chosen.period_end, g.last_reported) c) AS fx_method,
       (SELECT c.note FROM factwire.fx_convert(chosen.value, g.unit, 'USD', chosen.period_start, chosen.period_end, g.last_reported) c) AS fx_note
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
) chosen;

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

-- 4. A period's average rate read a row per day (63 for a quarter); a company's series at a million
--    facts spent most of its time there. fx_monthly holds each month's sums of the daily rates, kept by
--    triggers on fx_rates (whatever writes the rates: `factwire rates import` or SQL), and fx_convert
--    reads it for whole months to or from USD or EUR. The average is the same: the sum of the days'
--    rates over the number of days.
CREATE TABLE factwire.fx_monthly (
    currency         text    NOT NULL,
    month            date    NOT NULL,
    days             integer NOT NULL,
    sum_per_eur      numeric NOT NULL,
    sum_eur_per_unit numeric NOT NULL,
    usd_days         integer NOT NULL,
    sum_usd_per_unit numeric,
    PRIMARY KEY (currency, month)
);
COMMENT ON TABLE factwire.fx_monthly IS 'Monthly sums of factwire.fx_rates (kept by triggers): days published, sums of per_eur and 1/per_eur, and of USD per unit on the days USD was published too.';

-- Recomputes the months in `p_months` (all months when NULL), for every currency: a USD rate enters every
-- currency's dollar sums.
CREATE FUNCTION factwire.refresh_fx_monthly(p_months date[]) RETURNS void
LANGUAGE sql AS $fn$
    DELETE FROM factwire.fx_monthly WHERE p_months IS NULL OR month = ANY (p_months);
    INSERT INTO factwire.fx_monthly
    SELECT r.currency, date_trunc('month', r.day)::date, count(*), sum(r.per_eur), sum(1 / r.per_eur),
           count(u.per_eur), sum(u.per_eur / r.per_eur)
    FROM factwire.fx_rates r
    LEFT JOIN factwire.fx_rates u ON u.currency = 'USD' AND u.day = r.day
    WHERE p_months IS NULL OR date_trunc('month', r.day)::date = ANY (p_months)
    GROUP BY 1, 2;
$fn$;

CREATE FUNCTION factwire.fx_rates_changed() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        PERFORM factwire.refresh_fx_monthly(NULL);
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM factwire.refresh_fx_monthly(ARRAY(SELECT DISTINCT date_trunc('month', day)::date FROM new_rates));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM factwire.refresh_fx_monthly(ARRAY(SELECT DISTINCT date_trunc('month', day)::date FROM old_rates));
    ELSE
        PERFORM factwire.refresh_fx_monthly(ARRAY(
            SELECT DISTINCT date_trunc('month', day)::date FROM (SELECT day FROM new_rates UNION SELECT day FROM old_rates) d));
    END IF;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER fx_rates_inserted AFTER INSERT ON factwire.fx_rates REFERENCING NEW TABLE AS new_rates
    FOR EACH STATEMENT EXECUTE FUNCTION factwire.fx_rates_changed();
CREATE TRIGGER fx_rates_updated AFTER UPDATE ON factwire.fx_rates REFERENCING OLD TABLE AS old_rates NEW TABLE AS new_rates
    FOR EACH STATEMENT EXECUTE FUNCTION factwire.fx_rates_changed();
CREATE TRIGGER fx_rates_deleted AFTER DELETE ON factwire.fx_rates REFERENCING OLD TABLE AS old_rates
    FOR EACH STATEMENT EXECUTE FUNCTION factwire.fx_rates_changed();
CREATE TRIGGER fx_rates_truncated AFTER TRUNCATE ON factwire.fx_rates
    FOR EACH STATEMENT EXECUTE FUNCTION factwire.fx_rates_changed();
SELECT factwire.refresh_fx_monthly(NULL);

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
        -- The mean of the day's rates; each side through the euro (1 for the euro itself). Whole months
        -- to or from USD or EUR (quarters, halves, years) read the monthly sums: one row a month.
        IF p_start = date_trunc('month', p_start) AND p_end = (date_trunc('month', p_end) + interval '1 month - 1 day')::date
           AND (p_unit = 'EUR' OR p_target = 'EUR' OR p_target = 'USD') THEN
            IF p_unit = 'EUR' THEN
                SELECT sum(m.sum_per_eur) / nullif(sum(m.days), 0) INTO v_rate FROM factwire.fx_monthly m
                WHERE m.currency = p_target AND m.month BETWEEN p_start AND p_end;
            ELSIF p_target = 'EUR' THEN
                SELECT sum(m.sum_eur_per_unit) / nullif(sum(m.days), 0) INTO v_rate FROM factwire.fx_monthly m
                WHERE m.currency = p_unit AND m.month BETWEEN p_start AND p_end;
            ELSE
                SELECT sum(m.sum_usd_per_unit) / nullif(sum(m.usd_days), 0) INTO v_rate FROM factwire.fx_monthly m
                WHERE m.currency = p_unit AND m.month BETWEEN p_start AND p_end;
            END IF;
        ELSIF p_unit = 'EUR' THEN
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


-- 5. factwire.figures is read by company name; companies had an index on name_key only.
CREATE INDEX companies_name_idx ON factwire.companies (name);
