-- 0003 articles and facts: what the ingest worker makes of a document, and the views analysts query.
--
-- One article per document (document_id is unique), its companies, and its facts. Re-ingesting a
-- document replaces its article's facts in one transaction (factwire.store_extraction), so a
-- re-delivered job or a reprocess run never leaves duplicates or a half-written article.

ALTER TABLE factwire.documents
    ADD COLUMN state text NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'queued', 'ingested', 'failed')),
    ADD COLUMN ingested_at timestamptz;
COMMENT ON COLUMN factwire.documents.state IS 'received (stored, no job yet), queued (an ingest job exists), ingested (article and facts stored), failed (refused: see last_error).';
COMMENT ON COLUMN factwire.documents.ingested_at IS 'When the latest successful ingestion committed.';
CREATE INDEX documents_state_idx ON factwire.documents (state) WHERE state <> 'ingested';

CREATE TABLE factwire.articles (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id       bigint NOT NULL UNIQUE REFERENCES factwire.documents (id) ON DELETE CASCADE,
    url               text,
    section           text,
    title             text,
    dek               text,
    author            text,
    author_role       text,
    published         date,
    language          text,
    body              text NOT NULL,
    word_count        integer NOT NULL,
    content_sha256    text,
    extractor_version text NOT NULL,
    extracted_at      timestamptz NOT NULL DEFAULT now(),
    search            tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english', coalesce(dek, '')), 'B') ||
        setweight(to_tsvector('english', body), 'C')) STORED
);
COMMENT ON TABLE factwire.articles IS 'One normalized article per ingested document.';
COMMENT ON COLUMN factwire.articles.published IS 'Publication date when the page states a full date; NULL otherwise (never guessed).';
COMMENT ON COLUMN factwire.articles.body IS 'Body paragraphs without page chrome, separated by blank lines. Evidence offsets count Unicode code points in it.';
COMMENT ON COLUMN factwire.articles.content_sha256 IS 'Hex SHA-256 of body: equal bodies from different pages share it.';
COMMENT ON COLUMN factwire.articles.extractor_version IS 'Version of the extractor that wrote this article and its facts (factwire reprocess --older-than).';
COMMENT ON COLUMN factwire.articles.search IS 'Full-text index: title (A), dek (B), body (C). Query with websearch_to_tsquery(''english'', ...).';
CREATE INDEX articles_search_idx ON factwire.articles USING gin (search);
CREATE INDEX articles_published_idx ON factwire.articles (published DESC NULLS LAST, id DESC);
CREATE INDEX articles_version_idx ON factwire.articles (extractor_version);

CREATE TABLE factwire.companies (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL,
    name_key   text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE factwire.companies IS 'Companies named in facts, by canonical name (legal suffixes dropped: "Huawei", not "Huawei Technologies Co., Ltd.").';
COMMENT ON COLUMN factwire.companies.name_key IS 'Lower-cased canonical name without punctuation: the identity of a company across articles.';

CREATE TABLE factwire.company_aliases (
    alias_key  text PRIMARY KEY,
    alias      text NOT NULL,
    company_id bigint NOT NULL REFERENCES factwire.companies (id) ON DELETE CASCADE
);
COMMENT ON TABLE factwire.company_aliases IS 'Other names of a company learned from articles ("AWS" for "Amazon Web Services"); alias_key as companies.name_key.';
CREATE INDEX company_aliases_company_idx ON factwire.company_aliases (company_id);

CREATE TABLE factwire.article_companies (
    article_id bigint NOT NULL REFERENCES factwire.articles (id) ON DELETE CASCADE,
    company_id bigint NOT NULL REFERENCES factwire.companies (id) ON DELETE CASCADE,
    facts      integer NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, company_id)
);
COMMENT ON TABLE factwire.article_companies IS 'Which companies an article reports figures on, and how many facts each.';
CREATE INDEX article_companies_company_idx ON factwire.article_companies (company_id, article_id);

CREATE TABLE factwire.facts (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id        bigint NOT NULL REFERENCES factwire.articles (id) ON DELETE CASCADE,
    company_id        bigint REFERENCES factwire.companies (id),
    metric            text NOT NULL CHECK (metric IN ('revenue', 'rd_spend', 'rd_share_of_revenue', 'net_income', 'operating_profit',
                                                      'growth', 'market_share', 'shipments', 'employees', 'market_size', 'other')),
    growth_of         text,
    comparison        text CHECK (comparison IN ('yoy', 'qoq', 'CAGR')),
    metric_detail     text,
    value             numeric NOT NULL,
    unit              text NOT NULL,
    qualifier         text NOT NULL CHECK (qualifier IN ('exact', 'over', 'under', 'about', 'range', 'up_to', 'at_least')),
    range_low         numeric,
    range_high        numeric,
    period            text,
    status            text NOT NULL CHECK (status IN ('actual', 'forecast', 'expected')),
    derived           boolean NOT NULL DEFAULT false,
    quantity_text     text NOT NULL,
    evidence          text NOT NULL,
    evidence_start    integer NOT NULL,
    evidence_end      integer NOT NULL,
    alternatives      jsonb,
    extractor_version text NOT NULL,
    CONSTRAINT facts_growth_has_subject CHECK ((metric = 'growth') = (growth_of IS NOT NULL)),
    CONSTRAINT facts_other_has_detail CHECK ((metric = 'other') = (metric_detail IS NOT NULL)),
    CONSTRAINT facts_evidence_order CHECK (evidence_start <= evidence_end)
);
COMMENT ON TABLE factwire.facts IS 'Market figures stated in articles: who, what, how much, when, and the sentence that says so.';
COMMENT ON COLUMN factwire.facts.company_id IS 'NULL for market-level figures (market_size).';
COMMENT ON COLUMN factwire.facts.metric IS 'revenue, rd_spend, rd_share_of_revenue, net_income, operating_profit, growth, market_share, shipments, employees, market_size, other.';
COMMENT ON COLUMN factwire.facts.growth_of IS 'For growth: what grew (revenue, net_income, operating_profit, rd_spend, shipments, market_size, or an other-detail).';
COMMENT ON COLUMN factwire.facts.comparison IS 'For growth: yoy (year on year, the default), qoq (sequential) or CAGR.';
COMMENT ON COLUMN factwire.facts.metric_detail IS 'For other: what it is (profit_before_tax, ebitda_adjusted, gross_profit, ...).';
COMMENT ON COLUMN factwire.facts.value IS 'Base units: 40000000000 for US$40 billion; fractions for percents (0.14 for 14%, -0.03 for a 3% fall); losses negative.';
COMMENT ON COLUMN factwire.facts.unit IS 'ISO 4217 code for money, percent, units (shipments) or people (employees).';
COMMENT ON COLUMN factwire.facts.qualifier IS 'exact, over (more than), under (nearly, less than), about, range (value is the midpoint), up_to, at_least.';
COMMENT ON COLUMN factwire.facts.period IS 'As the text states it: FY2022, Q3 2019, H1, 2017; NULL when it does not say.';
COMMENT ON COLUMN factwire.facts.status IS 'actual (reported), forecast (guidance, projection), expected (reported ahead by others, or "will").';
COMMENT ON COLUMN factwire.facts.derived IS 'true when computed from other facts (R&D spend = R&D share x revenue), not stated in the text.';
COMMENT ON COLUMN factwire.facts.evidence IS 'The sentence stating the figure.';
COMMENT ON COLUMN factwire.facts.evidence_start IS 'Offset of the evidence in articles.body, in Unicode code points (substr(body, evidence_start + 1, evidence_end - evidence_start)).';
COMMENT ON COLUMN factwire.facts.alternatives IS 'The same figure in other forms, e.g. [{"value": 23500000000, "unit": "USD"}] for a conversion in parentheses.';
CREATE INDEX facts_article_idx ON factwire.facts (article_id);
CREATE INDEX facts_company_metric_idx ON factwire.facts (company_id, metric, period);
-- Keyset pages of the API: the newest facts of a company, or of a metric.
CREATE INDEX facts_company_id_idx ON factwire.facts (company_id, id DESC);
CREATE INDEX facts_metric_id_idx ON factwire.facts (metric, id DESC) INCLUDE (company_id);

-- Writes one extraction: the article (insert or replace), its companies and aliases, and its facts
-- (all replaced). Called by the ingest worker inside the transaction that completes the job.
CREATE FUNCTION factwire.store_extraction(p_document_id bigint, p_article jsonb, p_facts jsonb, p_aliases jsonb, p_version text)
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
COMMENT ON FUNCTION factwire.store_extraction(bigint, jsonb, jsonb, jsonb, text) IS
    'Stores one extraction (article, companies, facts) for a document, replacing what an earlier run stored. Used by the ingest worker.';

-- For scripts: store a document and enqueue its ingestion, from psql or any client.
CREATE FUNCTION factwire.enqueue_document(body text, media_type text DEFAULT 'text/plain', source_url text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql AS $fn$
DECLARE
    v_content bytea := convert_to(body, 'UTF8');
    v_document_id bigint;
    v_job_id bigint;
BEGIN
    IF body IS NULL OR btrim(body) = '' THEN
        RAISE EXCEPTION 'enqueue_document: body is empty' USING ERRCODE = '22023';
    END IF;
    IF media_type NOT IN ('text/plain', 'text/html', 'application/json', 'application/x-ndjson') THEN
        RAISE EXCEPTION 'enqueue_document: media_type must be text/plain, text/html, application/json or application/x-ndjson, not %', media_type
            USING ERRCODE = '22023';
    END IF;
    INSERT INTO factwire.documents AS d (sha256, content, media_type, source_url, state)
    VALUES (sha256(v_content), v_content, enqueue_document.media_type, enqueue_document.source_url, 'queued')
    ON CONFLICT (sha256) DO UPDATE SET state = CASE WHEN d.state = 'ingested' THEN d.state ELSE 'queued' END
    RETURNING d.id INTO v_document_id;
    v_job_id := factwire.enqueue('ingest', 'factwire.ingest', jsonb_build_object('document_id', v_document_id),
                                 unique_key => 'document:' || v_document_id);
    RETURN v_job_id;
END
$fn$;
COMMENT ON FUNCTION factwire.enqueue_document(text, text, text) IS
    'Store a document and enqueue its ingestion: SELECT factwire.enqueue_document(''...text...'', ''text/plain'', ''https://...''). Returns the job id; identical text is stored once.';

-- Views for analysts.

CREATE VIEW factwire.article_facts AS
SELECT f.id AS fact_id, a.id AS article_id, a.title, a.published, a.url, c.name AS company, f.metric, f.growth_of, f.metric_detail,
       f.comparison, f.value, f.unit, f.qualifier, f.range_low, f.range_high, f.period, f.status, f.derived, f.evidence
FROM factwire.facts f
JOIN factwire.articles a ON a.id = f.article_id
LEFT JOIN factwire.companies c ON c.id = f.company_id;
COMMENT ON VIEW factwire.article_facts IS 'One row per fact, flat, with the article title and date and the company name.';

CREATE VIEW factwire.company_figures AS
SELECT DISTINCT ON (c.id, f.metric, coalesce(f.growth_of, ''), coalesce(f.metric_detail, ''), coalesce(f.period, ''))
       c.name AS company, f.metric, f.growth_of, f.metric_detail, f.period, f.value, f.unit, f.qualifier, f.status, f.derived,
       a.published, a.title, f.id AS fact_id, a.id AS article_id
FROM factwire.facts f
JOIN factwire.companies c ON c.id = f.company_id
JOIN factwire.articles a ON a.id = f.article_id
ORDER BY c.id, f.metric, coalesce(f.growth_of, ''), coalesce(f.metric_detail, ''), coalesce(f.period, ''),
         f.derived, a.published DESC NULLS LAST, f.id DESC;
COMMENT ON VIEW factwire.company_figures IS 'The latest value per company, metric and period (stated figures before derived ones; newest article first).';

CREATE VIEW factwire.rd_intensity AS
WITH stated AS (
    SELECT f.company_id, f.article_id, f.period, f.value AS rd_share, false AS derived, f.id
    FROM factwire.facts f WHERE f.metric = 'rd_share_of_revenue' AND f.company_id IS NOT NULL
), computed AS (
    SELECT s.company_id, s.article_id, s.period, s.value / r.value AS rd_share, true AS derived, s.id
    FROM factwire.facts s
    JOIN factwire.facts r ON r.article_id = s.article_id AND r.company_id = s.company_id AND r.unit = s.unit
                         AND r.metric = 'revenue' AND r.value > 0 AND coalesce(r.period, '') = coalesce(s.period, '')
    WHERE s.metric = 'rd_spend' AND NOT s.derived AND s.company_id IS NOT NULL
), combined AS (SELECT * FROM stated UNION ALL SELECT * FROM computed)
SELECT DISTINCT ON (x.company_id) c.name AS company, x.rd_share, x.derived, x.period, a.published, a.title, x.article_id
FROM combined x
JOIN factwire.companies c ON c.id = x.company_id
JOIN factwire.articles a ON a.id = x.article_id
ORDER BY x.company_id, a.published DESC NULLS LAST, x.derived, x.id DESC;
COMMENT ON VIEW factwire.rd_intensity IS 'R&D spend as a share of revenue per company: stated in the text, or derived from R&D spend and revenue in the same article (derived = true). Latest per company.';

CREATE VIEW factwire.ingest_status AS
SELECT d.state, CASE WHEN d.state = 'failed' THEN d.last_error END AS reason, count(*) AS documents,
       min(d.received_at) AS oldest, max(d.received_at) AS newest
FROM factwire.documents d
GROUP BY d.state, CASE WHEN d.state = 'failed' THEN d.last_error END;
COMMENT ON VIEW factwire.ingest_status IS 'Documents by state; failed ones grouped by the reason they were refused.';

CREATE VIEW factwire.queue_depth AS
SELECT j.queue,
       count(*) FILTER (WHERE j.state = 'available') AS available,
       count(*) FILTER (WHERE j.state = 'running') AS running,
       count(*) FILTER (WHERE j.state IN ('scheduled', 'retryable')) AS waiting,
       coalesce(extract(epoch FROM now() - min(j.run_at) FILTER (WHERE j.state = 'available')), 0)::double precision AS oldest_available_seconds
FROM factwire.jobs j
GROUP BY j.queue;
COMMENT ON VIEW factwire.queue_depth IS 'Per queue: jobs ready to run, running, waiting (scheduled or retrying), and the age of the oldest ready job in seconds — the number an autoscaler reads.';
