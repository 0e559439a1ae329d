import FactwireExtract
import FactwireIngest
import FactwireQueue
import FactwireStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PostgresNIO

/// Jobs, articles, facts and companies. Lists use keyset pagination (`?after=` the `next` of the
/// previous page, newest first), so pages stay stable while documents keep arriving; `limit` ≤ 500.
/// Every parameter is bound, never spliced into SQL.
struct ReadRoutes {
    /// Chooses the reader of each request: a replica (`DATABASE_READ_URL`) or the primary.
    let reads: ReadRouter
    /// Queries go here: the client ``reads`` chose for this request.
    var reader: PostgresClient
    let primary: PostgresClient

    init(reads: ReadRouter, primary: PostgresClient) {
        self.reads = reads
        self.reader = primary
        self.primary = primary
    }

    /// Runs a route's handler on the reader chosen for it; on the primary again if the replica fails.
    func routed(
        _ handler: @escaping @Sendable (ReadRoutes) async throws -> Response
    ) async throws -> Response {
        try await reads.read { client in
            var routes = self
            routes.reader = client
            return try await handler(routes)
        }
    }

    /// The metrics facts can have, in the order the dashboard offers them.
    static let metricList = Fact.Metric.allCases.map(\.rawValue)
    static let metrics = Set(metricList)
    static let statuses = Set(Fact.Status.allCases.map(\.rawValue))

    func register(on router: Router<APIContext>) {
        router.get("/v1/jobs/:id") { request, context in try await self.job(context) }
        router.get("/v1/articles") { request, context in try await routed { try await $0.articles(request, context) } }
        router.get("/v1/articles/:id") { request, context in try await routed { try await $0.article(context) } }
        router.get("/v1/facts") { request, context in try await routed { try await $0.facts(request, context) } }
        router.get("/v1/companies") { request, context in
            try await routed { try await $0.companies(request, context) }
        }
        router.get("/v1/companies/:id/figures") { request, context in
            try await routed { try await $0.figures(request, context) }
        }
        router.get("/v1/figures") { request, context in
            try await routed { try await $0.consolidatedFigures(request, context) }
        }
    }

    func articles(_ context: APIContext) -> ArticleStore { ArticleStore(client: reader, logger: context.logger) }
    func companies(_ context: APIContext) -> CompanyStore { CompanyStore(client: reader, logger: context.logger) }

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
        var filter = ArticleFilter(limit: limit)
        if !company.isEmpty { filter.companyIDs = try await companies(context).ids(named: company) }
        if !q.isEmpty { filter.search = q }
        if !since.isEmpty { filter.since = since }
        if !until.isEmpty { filter.until = until }
        if after > 0 { filter.before = after }
        return JSONResponse.bytes(try await articles(context).pageJSON(filter))
    }

    func article(_ context: APIContext) async throws -> Response {
        try context.require(.read)
        let id = try context.pathID()
        let json = try await articles(context).articleJSON(id: id)
        guard let json else { throw APIError.notFound("no article has id \(id)") }
        return JSONResponse.bytes(json)
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
        let csv = request.headers.prefersCSV
        var filter = FactFilter(limit: limit)
        if !company.isEmpty { filter.companyName = company }
        if !metric.isEmpty { filter.metric = metric }
        if !status.isEmpty { filter.status = status }
        if !period.isEmpty { filter.period = period }
        if !from.isEmpty { filter.publishedFrom = from }
        if !to.isEmpty { filter.publishedTo = to }
        if after > 0 { filter.before = after }
        let store = FactStore(client: reader, logger: context.logger)
        guard csv else { return JSONResponse.bytes(try await store.pageJSON(filter)) }
        let records = try await store.records(filter)
        let lines = [FactRecord.csvHeader] + records.map(\.csvLine)
        let last = records.last?.id ?? 0
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
        let json = try await companies(context).pageJSON(after: after, limit: limit)
        return JSONResponse.bytes(json ?? ByteBuffer(string: #"{"companies":[],"next":null}"#))
    }

    func figures(_ request: Request, _ context: APIContext) async throws -> Response {
        try context.require(.read)
        let id = try context.pathID()
        let json = try await companies(context).figuresJSON(company: id)
        guard let json else { throw APIError.notFound("no company has id \(id)") }
        return JSONResponse.text(json)
    }

    /// `GET /v1/figures`: one figure per company, metric and period across articles (`factwire.figures`),
    /// with the amount converted to `currency` (USD or EUR); CSV with `Accept: text/csv`.
    func consolidatedFigures(_ request: Request, _ context: APIContext) async throws -> Response {
        try context.require(.read)
        let p = request.parameters
        let company = try p.string("company")
        var filter = FigureStore.Filter(limit: try p.limit(default: 200, maximum: 1000))
        let metric = try p.oneOf("metric", Self.metrics)
        let from = try p.date("from")
        let to = try p.date("to")
        let currency = try p.oneOf("currency", ["USD", "EUR"])
        if !company.isEmpty { filter.companyIDs = try await companies(context).ids(named: company) }
        if !metric.isEmpty { filter.metric = metric }
        if !from.isEmpty { filter.from = from }
        if !to.isEmpty { filter.to = to }
        if !currency.isEmpty { filter.currency = currency }
        let records = try await FigureStore(client: reader, logger: context.logger).records(filter)
        guard request.headers.prefersCSV else {
            return JSONResponse.object(FiguresBody(figures: records))
        }
        let lines = [FigureStore.Record.csvHeader] + records.map(\.csvLine)
        return Response(
            status: .ok, headers: [.contentType: "text/csv; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: lines.joined(separator: "\r\n") + "\r\n")))
    }
}
