-- A company's fiscal year end, remembered from the article that stated it ("fiscal year ending
-- March 31"), so that later articles about the company that do not say it place their quarters in the
-- same calendar. The ingest worker writes it in the transaction that stores the article, and reads
-- the table (cached for a minute) before it extracts.
CREATE TABLE factwire.company_fiscal_years (
    company_id     bigint PRIMARY KEY REFERENCES factwire.companies (id) ON DELETE CASCADE,
    year_end_month smallint NOT NULL CHECK (year_end_month BETWEEN 1 AND 12),
    article_id     bigint REFERENCES factwire.articles (id) ON DELETE SET NULL,
    stated_at      timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE factwire.company_fiscal_years IS 'The month each company''s fiscal year ends, as an article stated it (the latest statement wins).';
