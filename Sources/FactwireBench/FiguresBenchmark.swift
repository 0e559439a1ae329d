import FactwireCore
public import Logging
public import PostgresNIO

/// How fast `factwire.figures` reads one company's series when the database holds many facts: generates
/// companies, articles and quarterly facts (tagged, and deleted afterwards), then times the series query
/// of sample companies with `EXPLAIN ANALYZE` and checks that it reads `facts_series_idx`.
public struct FiguresBenchmark: Sendable {
    public struct Configuration: Sendable {
        public var facts = 1_000_000
        public var companies = 1_000
        public var articles = 50_000
        /// Companies whose series is timed.
        public var samples = 20
        public init() {}
    }

    public struct Report: Encodable, Sendable {
        public var benchmark = "figures"
        public var facts: Int
        public var companies: Int
        public var generateSeconds: Double
        public var medianMilliseconds: Double
        public var p95Milliseconds: Double
        public var maxMilliseconds: Double
        public var readsSeriesIndex: Bool
        public var samples: Int

        enum CodingKeys: String, CodingKey {
            case benchmark, facts, companies, samples
            case generateSeconds = "generate_seconds"
            case medianMilliseconds = "series_median_ms"
            case p95Milliseconds = "series_p95_ms"
            case maxMilliseconds = "series_max_ms"
            case readsSeriesIndex = "reads_series_index"
        }
    }

    let configuration: Configuration
    let client: PostgresClient
    let logger: Logger

    public init(configuration: Configuration, client: PostgresClient, logger: Logger) {
        self.configuration = configuration
        self.client = client
        self.logger = logger
    }

    public func run() async throws -> Report {
        let tag = "bench-figures-\(UInt32.random(in: 0...UInt32.max))"
        let started = ContinuousClock.now
        var generated = 0.0
        var times: [Double] = []
        var indexed = true
        do {
            try await generate(tag: tag)
            generated = (ContinuousClock.now - started).seconds
            for sample in 0..<configuration.samples {
                let company = "\(tag) \(1 + sample * max(1, configuration.companies / configuration.samples))"
                // Our own generated name, not user input: safe to write into the statement.
                let plan = try await client.query(
                    PostgresQuery(
                        unsafeSQL: """
                            EXPLAIN (ANALYZE, FORMAT JSON)
                            SELECT fiscal_year, fiscal_quarter, value, unit, sources, conflicting FROM factwire.figures
                            WHERE company = '\(company)' AND metric = 'revenue' ORDER BY period_end
                            """), logger: logger)
                for try await text in plan.decode(String.self) {
                    if case .number(let milliseconds)? = JSONValue(text: text)?.array?.first?["Execution Time"] {
                        times.append(milliseconds)
                    }
                    indexed = indexed && text.contains("facts_series_idx")
                }
            }
        } catch {
            try? await cleanUp(tag: tag)
            throw error
        }
        try await cleanUp(tag: tag)
        let sorted = times.sorted()
        func percentile(_ p: Double) -> Double {
            sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
        }
        return Report(
            facts: configuration.facts, companies: configuration.companies, generateSeconds: generated,
            medianMilliseconds: percentile(0.5), p95Milliseconds: percentile(0.95),
            maxMilliseconds: sorted.last ?? .nan,
            readsSeriesIndex: indexed, samples: sorted.count)
    }

    /// Companies, documents, articles and quarterly facts of four metrics over 16 years; one fact in ten
    /// is 2 % off, so some figures conflict.
    func generate(tag: String) async throws {
        let (facts, companies, articles) = (configuration.facts, configuration.companies, configuration.articles)
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
            SELECT a.id, c.id, g.m, (1e9 * g.c + 1e6 * g.y + g.q * 1e3) * (1 + (random() < 0.1)::int * 0.02), 'USD',
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

    /// Deletes what ``generate(tag:)`` wrote.
    func cleanUp(tag: String) async throws {
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
