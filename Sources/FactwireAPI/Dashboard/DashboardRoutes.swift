import FactwireStore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PostgresNIO

/// The operator dashboard: `GET /` (role `read` sees, `admin` also acts), the two panels its script
/// refreshes (`/dashboard/fragments/queues`, `/dashboard/fragments/jobs`), one page per article with
/// the evidence highlighted, and the assets. Same TLS and access rules as the API.
struct DashboardRoutes {
    let primary: PostgresClient
    let reads: ReadRouter
    let hub: EventHub

    /// The client reads go to now (the replica while it serves); the API's routes also retry on the primary.
    var reader: PostgresClient { reads.currentReader }

    /// Scripts and styles only from this server; no framing; no inline script, so an escaped value that
    /// somehow got through could still not run.
    static let securityHeaders: HTTPFields = [
        HTTPField.Name("Content-Security-Policy")!:
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "no-referrer",
        .cacheControl: "no-store"
    ]

    func register(on router: Router<APIContext>) {
        router.get("/") { request, context in try await self.page(request, context) }
        router.get("/dashboard") { _, _ in Response(status: .seeOther, headers: [.location: "/"]) }
        router.get("/dashboard/fragments/queues") { _, context in
            try await self.html(context) { page, data in
                page.queues(
                    try await data.queuePanel(), eventsListening: self.hub.isListening, replica: self.reads.replicaState
                )
            }
        }
        router.get("/dashboard/fragments/jobs") { _, context in
            try await self.html(context) { page, data in page.jobs(try await data.jobsPanel()) }
        }
        router.get("/dashboard/articles/:id") { _, context in
            try await self.html(context) { page, data in
                let id = try context.pathID()
                guard let article = try await data.article(id: id) else {
                    throw APIError.notFound("no article has id \(id)")
                }
                return DashboardPage.article(article, role: page.role)
            }
        }
        router.get("/dashboard/companies/:id") { _, context in
            try await self.html(context) { page, data in
                let id = try context.pathID()
                guard let company = try await data.company(id: id) else {
                    throw APIError.notFound("no company has id \(id)")
                }
                return DashboardPage.company(name: company.name, figures: company.figures, role: page.role)
            }
        }
        router.get("/dashboard/company") { request, context in
            // From a company's name (the facts table links here): its page, by the name's first company.
            let name = try request.parameters.string("name", maxLength: 200)
            guard let id = try await CompanyStore(client: self.reader, logger: context.logger).ids(named: name).first
            else {
                return try await self.html(context) { _, _ in throw APIError.notFound("no company is named '\(name)'") }
            }
            return Response(status: .seeOther, headers: [.location: "/dashboard/companies/\(id)"])
        }
        router.get("/dashboard/assets/:name") { _, context in
            guard let name = context.parameters.get("name"), let asset = DashboardAssets.files[name] else {
                throw APIError.notFound("no such asset")
            }
            return Response(
                status: .ok,
                headers: [
                    .contentType: asset.contentType, .cacheControl: "max-age=300",
                    HTTPField.Name("X-Content-Type-Options")!: "nosniff"
                ],
                body: .init(byteBuffer: ByteBuffer(string: asset.body)))
        }
    }

    func page(_ request: Request, _ context: APIContext) async throws -> Response {
        try await html(context) { page, data in
            let parameters = request.parameters
            let company = try parameters.string("company", maxLength: 200).trimmingCharacters(in: .whitespaces)
            let metric = try parameters.oneOf("metric", ReadRoutes.metrics)
            async let queues = data.queuePanel()
            async let jobs = data.jobsPanel()
            async let facts = data.facts(company: company, metric: metric)
            async let companies = data.companyNames()
            async let chart = data.chart(company: company)
            return page.page(
                queues: page.queues(try await queues, eventsListening: hub.isListening, replica: reads.replicaState),
                jobs: page.jobs(try await jobs),
                facts: page.facts(
                    try await facts, companies: try await companies, chart: try await chart, company: company,
                    metric: metric)
            )
        }
    }

    /// Renders for a `read` or `admin` caller; refusals and bad parameters become an HTML page with the
    /// same status the API would answer, so a browser shows a readable explanation.
    func html(_ context: APIContext, _ render: (DashboardPage, DashboardData) async throws -> HTML) async throws
        -> Response
    {
        let body: HTML
        var status: HTTPResponse.Status = .ok
        do {
            try context.require(.read)
            let role: Role = context.role == .admin ? .admin : .read
            body = try await render(
                DashboardPage(role: role, principal: context.principal),
                DashboardData(primary: primary, reader: reader, logger: context.logger))
        } catch let error as APIError where error.status != .serviceUnavailable && error.status != .internalServerError
        {
            status = error.status
            body = DashboardPage.errorPage(status: Int(error.status.code), message: error.message)
        }
        var headers = Self.securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body.text)))
    }
}
