import FactwireIngest
import FactwireQueue
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PostgresNIO

/// Jobs, articles, facts and companies. Lists use keyset pagination (`?after=` the `next` of the
/// previous page, newest first), so pages stay stable while documents keep arriving; `limit` ≤ 500.
/// Every parameter is bound, never spliced into SQL.
struct ReadRoutes {
    /// Queries go here: the primary, or a replica (`DATABASE_READ_URL`).
    let reader: PostgresClient
    let primary: PostgresClient

    /// The metrics facts can have, in the order the dashboard offers them.
    static let metricList = [
        "revenue", "rd_spend", "rd_share_of_revenue", "net_income", "operating_profit", "growth",
        "market_share", "shipments", "employees", "market_size", "other"
    ]
    static let metrics = Set(metricList)
    static let statuses: Set<String> = ["actual", "forecast", "expected"]

    func register(on router: Router<APIContext>) {
        router.get("/v1/jobs/:id") { request, context in try await self.job(context) }
        router.get("/v1/articles") { request, context in try await self.articles(request, context) }
        router.get("/v1/articles/:id") { request, context in try await self.article(context) }
        router.get("/v1/facts") { request, context in try await self.facts(request, context) }
        router.get("/v1/companies") { request, context in try await self.companies(request, context) }
        router.get("/v1/companies/:id/figures") { request, context in try await self.figures(request, context) }
    }

    func one(_ query: PostgresQuery, logger: Logger) async throws -> String? {
        for try await text in try await reader.query(query, logger: logger).decode(String?.self) { return text }
        return nil
    }

    func job(_ context: APIContext) async throws -> Response {
        // Submitters follow their jobs; readers see every job.
        if context.role?.allows(.ingest) != true { try context.require(.read) }
        let id = try context.pathID()
        // Job state lives on the primary (a replica may lag behind a job that just finished).
        guard let snapshot = try await JobQueue(client: primary, logger: context.logger).job(id: id) else {
            throw APIError.notFound("no job has id \(id)")
        }
        return JSONResponse.text(try snapshot.json())
    }

    func articles(_ request: Request, _ context: APIContext) async throws -> Response {
        try context.require(.read)
        let p = request.parameters
        let company = try p.string("company")
        let q = try p.string("q")
        let since = try p.date("since")
        let until = try p.date("until")
        let after = try p.id("after")
        let limit = try p.limit()
        var b = SQLBuilder()
        if !company.isEmpty {
            let ids = try await reader.companyIDs(named: company, logger: context.logger)
            b.condition(
                "a.id IN (SELECT article_id FROM factwire.article_companies WHERE company_id = ANY(\(b.bind(ids))))")
        }
        if !q.isEmpty { b.condition("a.search @@ websearch_to_tsquery('english', \(b.bind(q)))") }
        if !since.isEmpty { b.condition("a.published >= \(b.bind(since))::date") }
        if !until.isEmpty { b.condition("a.published <= \(b.bind(until))::date") }
        if after > 0 { b.condition("a.id < \(b.bind(after))") }
        b.sql = """
            SELECT json_build_object('articles', coalesce(json_agg(t ORDER BY t.id DESC), '[]'::json),
                                     'next', CASE WHEN count(*) = \(limit) THEN min(t.id)::text END)::text
            FROM (
                SELECT a.id, a.title, a.author, a.published, a.url, a.section, a.language, a.word_count, a.extracted_at
                FROM factwire.articles a \(b.whereClause)
                ORDER BY a.id DESC LIMIT \(limit)
            ) t
            """
        let json = try await one(b.query, logger: context.logger)
        return JSONResponse.text(json ?? #"{"articles":[],"next":null}"#)
    }

    func article(_ context: APIContext) async throws -> Response {
        try context.require(.read)
        let id = try context.pathID()
        let json = try await one(
            """
            SELECT json_build_object('id', a.id, 'document_id', a.document_id, 'title', a.title, 'dek', a.dek, 'author', a.author,
                'author_role', a.author_role, 'section', a.section, 'published', a.published, 'url', a.url, 'language', a.language,
                'word_count', a.word_count, 'body', a.body, 'extractor_version', a.extractor_version, 'extracted_at', a.extracted_at,
                'facts', coalesce((SELECT json_agg(json_build_object('id', f.id, 'company', c.name, 'metric', f.metric,
                    'growth_of', f.growth_of, 'comparison', f.comparison, 'metric_detail', f.metric_detail, 'value', f.value,
                    'unit', f.unit, 'qualifier', f.qualifier, 'range', CASE WHEN f.range_low IS NOT NULL THEN json_build_array(f.range_low, f.range_high) END,
                    'period', f.period, 'status', f.status, 'derived', f.derived, 'evidence', f.evidence,
                    'evidence_start', f.evidence_start, 'evidence_end', f.evidence_end) ORDER BY f.id)
                    FROM factwire.facts f LEFT JOIN factwire.companies c ON c.id = f.company_id WHERE f.article_id = a.id), '[]'::json))::text
            FROM factwire.articles a WHERE a.id = \(id)
            """,
            logger: context.logger
        )
        guard let json else { throw APIError.notFound("no article has id \(id)") }
        return JSONResponse.text(json)
    }

    func facts(_ request: Request, _ context: APIContext) async throws -> Response {
        try context.require(.read)
        let p = request.parameters
        let company = try p.string("company")
        let metric = try p.oneOf("metric", Self.metrics)
        let status = try p.oneOf("status", Self.statuses)
        let period = try p.string("period", maxLength: 64)
        let from = try p.date("from")
        let to = try p.date("to")
        let after = try p.id("after")
        let limit = try p.limit()
        let csv = request.headers[.accept]?.contains("text/csv") == true
        var b = SQLBuilder()
        if !company.isEmpty {
            let ids = try await reader.companyIDs(named: company, logger: context.logger)
            b.condition("f.company_id = ANY(\(b.bind(ids)))")
        }
        if !metric.isEmpty { b.condition("f.metric = \(b.bind(metric))") }
        if !status.isEmpty { b.condition("f.status = \(b.bind(status))") }
        if !period.isEmpty { b.condition("f.period = \(b.bind(period))") }
        if !from.isEmpty { b.condition("a.published >= \(b.bind(from))::date") }
        if !to.isEmpty { b.condition("a.published <= \(b.bind(to))::date") }
        if after > 0 { b.condition("f.id < \(b.bind(after))") }
        let source = """
            FROM factwire.facts f
            JOIN factwire.articles a ON a.id = f.article_id
            LEFT JOIN factwire.companies c ON c.id = f.company_id
            \(b.whereClause)
            ORDER BY f.id DESC
            LIMIT \(limit)
            """
        guard csv else {
            // JSON built by PostgreSQL: no per-row objects in Swift.
            b.sql = """
                SELECT json_build_object('facts', coalesce(json_agg(t ORDER BY t.id DESC), '[]'::json),
                                         'next', CASE WHEN count(*) = \(limit) THEN min(t.id)::text END)::text
                FROM (SELECT f.id, c.name AS company, f.metric, f.growth_of, f.metric_detail, f.value, f.unit, f.qualifier, f.period,
                             f.status, f.derived, a.published, a.id AS article_id, f.evidence
                      \(source)) t
                """
            return JSONResponse.text(try await one(b.query, logger: context.logger) ?? #"{"facts":[],"next":null}"#)
        }
        b.sql = """
            SELECT f.id, c.name, f.metric, f.growth_of, f.metric_detail, f.value::float8, f.unit, f.qualifier, f.period, f.status,
                   f.derived, to_char(a.published, 'YYYY-MM-DD'), a.id, f.evidence
            \(source)
            """
        let rows = try await reader.query(b.query, logger: context.logger)
        var lines = [CSV.factHeader]
        var last: Int64 = 0
        for try await r in rows.decode(
            (
                Int64, String?, String, String?, String?, Double, String, String, String?, String, Bool, String?, Int64,
                String
            ).self)
        {
            last = r.0
            let fields = [
                "\(r.0)", r.1 ?? "", r.2, r.3 ?? "", r.4 ?? "", CSV.number(r.5), r.6, r.7, r.8 ?? "", r.9, "\(r.10)",
                r.11 ?? "", "\(r.12)", r.13
            ]
            lines.append(fields.map(CSV.field).joined(separator: ","))
        }
        var headers: HTTPFields = [.contentType: "text/csv; charset=utf-8"]
        if lines.count - 1 == limit {
            // The next page keeps every filter of this one: only `after` changes.
            let kept = (request.uri.query ?? "").split(separator: "&").filter { !$0.isEmpty && !$0.hasPrefix("after=") }
            headers[HTTPField.Name("Link")!] = "<?\((kept + ["after=\(last)"]).joined(separator: "&"))>; rel=\"next\""
        }
        return Response(
            status: .ok, headers: headers,
            body: .init(byteBuffer: ByteBuffer(string: lines.joined(separator: "\r\n") + "\r\n")))
    }

    func companies(_ request: Request, _ context: APIContext) async throws -> Response {
        try context.require(.read)
        let p = request.parameters
        let after = try p.id("after")
        let limit = try p.limit()
        let json = try await one(
            """
            SELECT json_build_object('companies', coalesce(json_agg(t ORDER BY t.id), '[]'::json),
                                     'next', CASE WHEN count(*) = \(limit) THEN max(t.id)::text END)::text
            FROM (
                SELECT c.id, c.name,
                       coalesce((SELECT json_agg(x.alias ORDER BY x.alias) FROM factwire.company_aliases x WHERE x.company_id = c.id), '[]'::json) AS aliases,
                       (SELECT count(*) FROM factwire.article_companies ac WHERE ac.company_id = c.id) AS articles,
                       (SELECT coalesce(sum(ac.facts), 0) FROM factwire.article_companies ac WHERE ac.company_id = c.id) AS facts
                FROM factwire.companies c
                WHERE c.id > \(after)
                ORDER BY c.id
                LIMIT \(limit)
            ) t
            """,
            logger: context.logger
        )
        return JSONResponse.text(json ?? #"{"companies":[],"next":null}"#)
    }

    func figures(_ request: Request, _ context: APIContext) async throws -> Response {
        try context.require(.read)
        let id = try context.pathID()
        let json = try await one(
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
            logger: context.logger
        )
        guard let json else { throw APIError.notFound("no company has id \(id)") }
        return JSONResponse.text(json)
    }
}
