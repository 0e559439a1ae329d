public import Logging
public import NIOCore
public import PostgresNIO

/// Companies, their aliases and their series of figures.
public struct CompanyStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Ids of the companies a name or alias stands for (any case, punctuation ignored): the `company`
    /// filter of the API, the dashboard and `factwire facts`.
    public func ids(named name: String) async throws -> [Int64] {
        let key = CompanyKey.make(name)
        let rows = try await client.query(
            """
            SELECT id FROM factwire.companies WHERE name_key = \(key)
            UNION SELECT company_id FROM factwire.company_aliases WHERE alias_key = \(key)
            """,
            logger: logger
        )
        var ids: [Int64] = []
        for try await id in rows.decode(Int64.self) { ids.append(id) }
        return ids
    }

    /// Company names in alphabetical order, for suggestions.
    public func names(limit: Int) async throws -> [String] {
        var names: [String] = []
        let rows = try await client.query(
            "SELECT name FROM factwire.companies ORDER BY name LIMIT \(Int32(limit))", logger: logger)
        for try await name in rows.decode(String.self) { names.append(name) }
        return names
    }

    /// A page of companies with their aliases and article and fact counts, in id order after `after`, as
    /// the API's JSON (`{"companies": […], "next": …}`), built by PostgreSQL.
    public func pageJSON(after: Int64, limit: Int) async throws -> ByteBuffer? {
        try await client.json(
            """
            SELECT json_build_object('companies', coalesce(json_agg(t ORDER BY t.id), '[]'::json),
                                     'next', CASE WHEN count(*) = \(Int32(limit)) THEN max(t.id)::text END)::text
            FROM (
                SELECT c.id, c.name,
                       coalesce((SELECT json_agg(x.alias ORDER BY x.alias) FROM factwire.company_aliases x
                                 WHERE x.company_id = c.id), '[]'::json) AS aliases,
                       (SELECT count(*) FROM factwire.article_companies ac WHERE ac.company_id = c.id) AS articles,
                       (SELECT coalesce(sum(ac.facts), 0) FROM factwire.article_companies ac
                        WHERE ac.company_id = c.id) AS facts
                FROM factwire.companies c
                WHERE c.id > \(after)
                ORDER BY c.id
                LIMIT \(Int32(limit))
            ) t
            """,
            logger: logger)
    }

    /// A company's facts grouped into series by metric key, oldest publication first, as the API's JSON;
    /// nil when there is no such company.
    public func figuresJSON(company id: Int64) async throws -> String? {
        try await client.text(
            """
            SELECT json_build_object('company', json_build_object('id', c.id, 'name', c.name),
                'figures', coalesce((SELECT json_object_agg(series.key, series.points) FROM (
                    SELECT CASE WHEN f.metric = 'growth' THEN 'growth:' || f.growth_of
                                WHEN f.metric = 'other' THEN 'other:' || f.metric_detail ELSE f.metric END AS key,
                           json_agg(json_build_object('value', f.value, 'unit', f.unit, 'qualifier', f.qualifier, 'period', f.period,
                                    'status', f.status, 'derived', f.derived, 'published', a.published, 'article_id', a.id, 'id', f.id)
                                    ORDER BY a.published NULLS FIRST, f.id) AS points
                    FROM factwire.facts f JOIN factwire.articles a ON a.id = f.article_id
                    WHERE f.company_id = c.id GROUP BY 1) series), '{}'::json))::text
            FROM factwire.companies c WHERE c.id = \(id)
            """,
            logger: logger)
    }

    /// Latest revenue in US dollars (in any currency the ECB's rates convert) and R&D intensity per company
    /// (of `ids` when given): the companies with the largest revenue first, then those known only by their
    /// R&D intensity.
    public func revenueAndIntensity(
        of ids: [Int64]?, limit: Int
    ) async throws -> [(company: String, revenue: Double?, rdShare: Double?)] {
        var builder = SQLBuilder()
        if let ids { builder.condition("c.id = ANY(\(builder.bind(ids)))") }
        builder.sql = """
            WITH latest AS (
                -- The newest actual revenue per company and currency, converted to dollars with the ECB's rates
                -- (factwire.fx_convert): the newest one that converts is the company's bar.
                SELECT DISTINCT ON (f.company_id, f.unit) f.company_id, f.value, f.unit, f.period_start, f.period_end,
                       coalesce(a.published, a.extracted_at::date) AS day
                FROM factwire.facts f JOIN factwire.articles a ON a.id = f.article_id
                WHERE f.metric = 'revenue' AND f.status = 'actual' AND f.company_id IS NOT NULL AND f.value > 0
                  AND f.unit ~ '^[A-Z]{3}$'
                ORDER BY f.company_id, f.unit, a.published DESC NULLS LAST, f.derived, f.id DESC
            ), revenue AS (
                SELECT DISTINCT ON (l.company_id) l.company_id, usd.value::float8 AS value
                FROM latest l
                CROSS JOIN LATERAL factwire.fx_convert(l.value, l.unit, 'USD', l.period_start, l.period_end, l.day) usd
                WHERE usd.value IS NOT NULL
                ORDER BY l.company_id, l.day DESC
            ), intensity AS (
                SELECT c.id AS company_id, r.rd_share::float8 AS rd_share
                FROM factwire.rd_intensity r JOIN factwire.companies c ON c.name = r.company
            )
            SELECT c.name, revenue.value, intensity.rd_share
            FROM factwire.companies c
            LEFT JOIN revenue ON revenue.company_id = c.id
            LEFT JOIN intensity ON intensity.company_id = c.id
            \(builder.whereClause.isEmpty ? "WHERE" : builder.whereClause + " AND") (revenue.value IS NOT NULL OR intensity.rd_share IS NOT NULL)
            ORDER BY revenue.value DESC NULLS LAST, intensity.rd_share DESC NULLS LAST, c.name
            LIMIT \(limit)
            """
        var rows: [(String, Double?, Double?)] = []
        for try await row in try await client.query(builder.query, logger: logger).decode(
            (String, Double?, Double?).self)
        {
            rows.append(row)
        }
        return rows.map { (company: $0.0, revenue: $0.1, rdShare: $0.2) }
    }

    /// The key of the company with the most facts and the newest article with facts: what a read
    /// benchmark queries. nil when there are no facts.
    public func busiest() async throws -> (companyKey: String, articleID: Int64)? {
        let rows = try await client.query(
            """
            SELECT c.name_key, (SELECT max(article_id) FROM factwire.facts) FROM factwire.companies c
            JOIN factwire.facts f ON f.company_id = c.id GROUP BY c.name_key ORDER BY count(*) DESC LIMIT 1
            """,
            logger: logger
        )
        for try await (key, article) in rows.decode((String, Int64).self) { return (key, article) }
        return nil
    }

    /// The fiscal year ends companies stated in articles (`company_fiscal_years`): canonical name → month.
    public func fiscalYearEnds() async throws -> [String: Int] {
        var yearEnds: [String: Int] = [:]
        for try await (name, month) in try await client.query(
            """
            SELECT c.name, y.year_end_month::int FROM factwire.company_fiscal_years y
            JOIN factwire.companies c ON c.id = y.company_id
            """, logger: logger
        ).decode((String, Int).self) {
            yearEnds[name] = month
        }
        return yearEnds
    }

    /// The company's canonical name, or nil when no company has `id`.
    public func name(id: Int64) async throws -> String? {
        try await client.text("SELECT name FROM factwire.companies WHERE id = \(id)", logger: logger)
    }
}

extension PostgresClient {
    /// The text in the first column of the first row; nil when there is no row (or it is NULL).
    func text(_ query: PostgresQuery, logger: Logger) async throws -> String? {
        for try await text in try await self.query(query, logger: logger).decode(String?.self) { return text }
        return nil
    }

    /// The bytes of the JSON text PostgreSQL built in the first column of the first row; nil when there is
    /// no row (or it is NULL). Kept as bytes, not a `String`: they go to the response body as they are, and
    /// decoding a page into a `String` (UTF-8 validation, then a copy back) cost about 3 % of the query
    /// worker's CPU on the facts route (perf). The database's encoding already guarantees valid UTF-8.
    func json(_ query: PostgresQuery, logger: Logger) async throws -> ByteBuffer? {
        for try await json in try await self.query(query, logger: logger).decode(ByteBuffer?.self) { return json }
        return nil
    }
}
