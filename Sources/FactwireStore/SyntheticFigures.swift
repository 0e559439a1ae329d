import FactwireCore
public import Logging
public import PostgresNIO

/// Made-up companies, articles and quarterly facts for measuring `factwire.figures` at scale
/// (`factwire bench figures`). Every row carries `tag` (in names, contents and `extractor_version`), so
/// ``delete()`` removes exactly what ``generate(facts:companies:articles:)`` wrote.
public struct SyntheticFigures: Sendable {
    public let tag: String
    let client: PostgresClient
    let logger: Logger

    public init(tag: String, client: PostgresClient, logger: Logger) {
        self.tag = tag
        self.client = client
        self.logger = logger
    }

    /// The name of generated company `n` (1…companies).
    public func company(_ n: Int) -> String { "\(tag) \(n)" }

    /// Milliseconds PostgreSQL spent on one company's revenue series (`EXPLAIN ANALYZE`), and whether the
    /// plan reads `facts_series_idx`: from `factwire.figures` in the figures' own currency, or (`inUSD`)
    /// from `factwire.company_series` with the values in USD.
    public func timeSeries(company: String, inUSD: Bool = false) async throws -> (
        milliseconds: Double, readsIndex: Bool
    )? {
        let columns =
            inUSD
            ? "period_label, value, unit, value_usd" : "fiscal_year, fiscal_quarter, value, unit, sources, conflicting"
        let view = inUSD ? "factwire.company_series" : "factwire.figures"
        // A name this type made, never caller text: safe to write into the statement.
        let plan = try await client.query(
            PostgresQuery(
                unsafeSQL: """
                    EXPLAIN (ANALYZE, FORMAT JSON)
                    SELECT \(columns) FROM \(view)
                    WHERE company = '\(company)' AND metric = 'revenue' ORDER BY period_end
                    """), logger: logger)
        for try await text in plan.decode(String.self) {
            if case .number(let milliseconds)? = JSONValue(text: text)?.array?.first?["Execution Time"] {
                return (milliseconds, text.contains("facts_series_idx"))
            }
        }
        return nil
    }

    /// Companies, documents, articles and quarterly facts of four metrics over 16 years, each company in
    /// one of four currencies; one fact in ten is 2 % off, so some figures conflict.
    public func generate(facts: Int, companies: Int, articles: Int) async throws {
        let statements: [PostgresQuery] = [
            """
            INSERT INTO factwire.companies (name, name_key)
            SELECT \(tag) || ' ' || i, \(tag) || ' ' || i FROM generate_series(1, \(companies)) i
            """,
            """
            INSERT INTO factwire.documents (sha256, content, media_type, state)
            SELECT sha256(convert_to(\(tag) || i, 'UTF8')), convert_to(\(tag) || i, 'UTF8'), 'text/plain', 'ingested'
            FROM generate_series(1, \(articles)) i
            """,
            """
            INSERT INTO factwire.articles (document_id, body, word_count, extractor_version, published)
            SELECT d.id, 'generated', 1, \(tag), date '2010-01-01' + (d.id % 5800)::int
            FROM factwire.documents d WHERE convert_from(d.content, 'UTF8') LIKE \(tag) || '%'
            """,
            """
            INSERT INTO factwire.facts (article_id, company_id, metric, value, unit, qualifier, status, quantity_text,
                                        evidence, evidence_start, evidence_end, extractor_version, period, period_kind,
                                        fiscal_year, fiscal_quarter, period_start, period_end, fiscal_assumed)
            SELECT a.id, c.id, g.m, (1e9 * g.c + 1e6 * g.y + g.q * 1e3) * (1 + (random() < 0.1)::int * 0.02),
                   (ARRAY['USD', 'EUR', 'JPY', 'KRW'])[1 + g.c % 4],
                   'exact', 'actual', '', '', 0, 0, \(tag), 'Q' || g.q || ' ' || g.y, 'quarter', g.y, g.q,
                   make_date(g.y, 3 * g.q - 2, 1), (make_date(g.y, 3 * g.q - 2, 1) + interval '3 months - 1 day')::date,
                   true
            FROM (SELECT i % \(articles) AS a, 1 + (hashint4(i) & 1048575) % \(companies) AS c,
                         (ARRAY['revenue', 'net_income', 'operating_profit', 'rd_spend'])[1 + (hashint4(i * 7) & 3)] AS m,
                         2010 + (hashint4(i * 13) & 15) AS y, 1 + (hashint4(i * 17) & 3) AS q
                  FROM generate_series(1, \(facts)::int) i) g
            JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM factwire.articles
                  WHERE extractor_version = \(tag)) a ON a.n = g.a
            JOIN factwire.companies c ON c.name_key = \(tag) || ' ' || g.c
            """,
            "ANALYZE factwire.companies, factwire.documents, factwire.articles, factwire.facts"
        ]
        for statement in statements { try await client.query(statement, logger: logger) }
    }

    /// Deletes what ``generate(facts:companies:articles:)`` wrote.
    public func delete() async throws {
        let statements: [PostgresQuery] = [
            "DELETE FROM factwire.facts WHERE extractor_version = \(tag)",
            """
            DELETE FROM factwire.documents d USING factwire.articles a
            WHERE a.document_id = d.id AND a.extractor_version = \(tag)
            """,
            "DELETE FROM factwire.companies WHERE name_key LIKE \(tag) || ' %'"
        ]
        for statement in statements { try await client.query(statement, logger: logger) }
    }
}
