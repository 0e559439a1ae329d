import Crypto
import FactwireAPI
import FactwireClient
import FactwireTesting
import Foundation
import OpenAPIRuntime
import Testing

/// The client in `Sources/FactwireClient/Generated` is what swift-openapi-generator makes of the OpenAPI
/// document. Running it against the real server checks the document: an answer that does not match its
/// schema fails to decode, and a status the document does not list comes back `undocumented`.
@Suite("Generated client")
struct GeneratedClientTests {
    @Test("the generated code was made from the OpenAPI document the server serves")
    func generatedFromTheServedDocument() {
        let digest = SHA256.hash(data: Data((OpenAPIDocument.yaml + "\n").utf8)).map { String(format: "%02x", $0) }
        #expect(
            digest.joined() == generatedFromOpenAPIDigest,
            "the OpenAPI document changed: run Scripts/generate-client.sh and commit Sources/FactwireClient/Generated")
    }

    static func client(_ api: APIHarness, role: Role) throws -> FactwireClient {
        let folder = api.certificates
        var configuration = FactwireClient.Configuration(
            server: "https://localhost:\(api.port)", caFile: "\(folder)/ca.pem",
            certificateFile: "\(folder)/client-\(role.rawValue).pem",
            keyFile: "\(folder)/client-\(role.rawValue)-key.pem")
        // A full `swift test` accepts a thousand silent sockets in another suite on the same event loops; there a
        // connection waited more than the default 10 s for its handshake. The harness's own clients allow 20 s.
        configuration.connectTimeout = .seconds(20)
        return try FactwireClient(configuration: configuration)
    }

    /// Runs `body`, then shuts the clients down (also when it throws).
    static func closing(_ clients: [FactwireClient], _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            for client in clients { try? await client.shutdown() }
            throw error
        }
        for client in clients { try await client.shutdown() }
    }

    @Test("submitting, jobs, articles, facts, companies, figures and health answer as the document says")
    func documentedAnswers() async throws {
        try await APIHarness.with("api_generated_client") { api in
            let ingest = try Self.client(api, role: .ingest)
            let read = try Self.client(api, role: .read)
            try await Self.closing([ingest, read]) {
                guard case .ok(let health) = try await read.api.getHealth() else {
                    Issue.record("healthz")
                    return
                }
                #expect(try health.body.json.status == "ok")
                guard case .ok = try await read.api.getReadiness() else {
                    Issue.record("readyz")
                    return
                }

                // A document with ?wait: the finished job with its article and facts.
                let text = ArticleFixtures.article(3)
                let waited = try await ingest.api.submitDocument(
                    query: .init(wait: "60s"), body: .plainText(HTTPBody(text)))
                guard case .ok(let ok) = waited, case .Outcome(let outcome) = try ok.body.json else {
                    Issue.record("a waited submission answered \(waited)")
                    return
                }
                #expect(outcome.state == "completed" && !outcome.facts.isEmpty && outcome.article != nil)
                // The same bytes again: a duplicate, nothing queued.
                guard case .ok(let again) = try await ingest.api.submitDocument(body: .plainText(HTTPBody(text))),
                    case .Submitted(let duplicate) = try again.body.json
                else {
                    Issue.record("a duplicate")
                    return
                }
                #expect(duplicate.duplicate == true && duplicate.documentId == outcome.documentId)
                // An NDJSON batch: one entry per line.
                let lines = (4..<6).map {
                    #"{"title":"Batch \#($0)","body":"Kestrel Group said revenue rose 4% to $1.\#($0) billion."}"#
                }
                let batch = try await ingest.api.submitDocument(
                    body: .applicationXNdjson(HTTPBody(lines.joined(separator: "\n"))))
                guard case .accepted(let accepted) = batch, case .SubmittedBatch(let entries) = try accepted.body.json
                else {
                    Issue.record("a batch answered \(batch)")
                    return
                }
                #expect(entries.documents.count == 2 && entries.documents.allSatisfy { $0.jobId != nil })
                // A JSON article through the typed submit, followed to its end.
                let submitted = try await ingest.submit(
                    Array(
                        #"{"title":"Veltro results","body":"Veltro Labs posted revenue of $2.5 billion in 2025."}"#.utf8
                    ),
                    mediaType: "application/json")
                guard case .queued(let document, let job) = submitted else {
                    Issue.record("JSON: \(submitted)")
                    return
                }
                // The client sends the article as the document's JSONArticle, encoded the same way each time, so
                // the same file sent again is the same document; a field of the wrong type is refused before sending.
                let resent = try await ingest.submit(
                    Array(
                        #"{"body":"Veltro Labs posted revenue of $2.5 billion in 2025.", "title":"Veltro results"}"#
                            .utf8),
                    mediaType: "application/json")
                #expect(resent == .duplicate(document: document))
                let wrong = try await ingest.submit(Array(#"{"body": 42}"#.utf8), mediaType: "application/json")
                guard case .refused(let reason) = wrong else {
                    Issue.record("a body of the wrong type: \(wrong)")
                    return
                }
                #expect(reason.contains("body"))
                let followed = try await read.follow(
                    [job] + entries.documents.compactMap(\.jobId), timeout: .seconds(90))
                #expect(followed.completed == 3 && followed.failures.isEmpty)
                let finished = try #require(try await read.job(job))
                #expect(finished.state == .completed && finished.result?.articleId != nil)
                #expect(try await read.job(987_654) == nil)

                guard case .ok(let articles) = try await read.api.listArticles(query: .init(limit: 10)) else {
                    Issue.record("articles")
                    return
                }
                #expect(try articles.body.json.articles.count == 4)
                let articleID = try #require(outcome.article?.id)
                guard case .ok(let article) = try await read.api.getArticle(path: .init(id: Int(articleID))) else {
                    Issue.record("article")
                    return
                }
                let body = try article.body.json
                #expect(body.facts.count == outcome.facts.count && body.body.contains("revenue"))
                guard case .notFound = try await read.api.getArticle(path: .init(id: 987_654)) else {
                    Issue.record("a missing article")
                    return
                }
                guard case .ok(let facts) = try await read.api.listFacts(query: .init(limit: 5)) else {
                    Issue.record("facts")
                    return
                }
                #expect(try facts.body.json.facts.count == 5)
                guard case .ok(let companies) = try await read.api.listCompanies() else {
                    Issue.record("companies")
                    return
                }
                let company = try #require(try companies.body.json.companies.first { $0.facts > 0 })
                guard case .ok(let series) = try await read.api.getCompanyFigures(path: .init(id: Int(company.id)))
                else {
                    Issue.record("figures of \(company.name)")
                    return
                }
                #expect(try series.body.json.company.name == company.name)
                #expect(try !(series.body.json.figures.additionalProperties.isEmpty))
                guard case .ok(let figures) = try await read.api.listFigures() else {
                    Issue.record("figures")
                    return
                }
                #expect(try !figures.body.json.figures.isEmpty)
            }
        }
    }

    @Test("the operator's routes answer as the document says")
    func operatorAnswers() async throws {
        try await APIHarness.with("api_generated_admin") { api in
            let admin = try Self.client(api, role: .admin)
            let ingest = try Self.client(api, role: .ingest)
            let read = try Self.client(api, role: .read)
            try await Self.closing([admin, ingest, read]) {
                guard
                    case .queued(_, let job) = try await ingest.submit(
                        Array(ArticleFixtures.article(1).utf8), mediaType: "text/plain")
                else {
                    Issue.record("submit")
                    return
                }
                _ = try await admin.follow([job], timeout: .seconds(90))
                guard case .ok = try await admin.api.listKindLimits() else {
                    Issue.record("limits")
                    return
                }
                guard case .ok = try await admin.api.listPeriodicJobs() else {
                    Issue.record("periodic")
                    return
                }
                guard case .ok(let paused) = try await admin.api.pauseQueue(path: .init(name: "ingest")) else {
                    Issue.record("pause")
                    return
                }
                #expect(try paused.body.json.paused)
                guard case .ok(let stats) = try await admin.api.getQueueStats() else {
                    Issue.record("stats")
                    return
                }
                #expect(try stats.body.json.contains { $0.queue == "ingest" && $0.paused })
                guard case .ok(let resumed) = try await admin.api.resumeQueue(path: .init(name: "ingest")) else {
                    Issue.record("resume")
                    return
                }
                #expect(try !resumed.body.json.paused)
                // A completed job cannot be cancelled: 409, with the documented error body.
                guard case .conflict(let conflict) = try await admin.api.cancelJob(path: .init(id: Int(job))) else {
                    Issue.record("cancelling a completed job")
                    return
                }
                #expect(try !conflict.body.json.error.message.isEmpty)
                // The read role may not: 403 is documented on these routes.
                guard case .forbidden = try await read.api.listKindLimits() else {
                    Issue.record("403")
                    return
                }
            }
        }
    }
}
