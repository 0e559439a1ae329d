import AsyncHTTPClient
import FactwireAPI
import FactwireObservability
import FactwireQueue
import FactwireTesting
import Foundation
import NIOCore
import NIOSSL
import Prometheus
import Testing

/// The HTTPS API over real TLS sockets against a real PostgreSQL.
@Suite("HTTPS API", .serialized, .timeLimit(.minutes(3)))
struct APITests {
    static let article =
        "Orlen Dynamics said it spends over 12 percent of its US$30 billion revenue on R&D, and its net profit rose 4% to $2.5 billion."

    @Test(
        "mutual TLS: a good client certificate gets 200; none gets 401 on API routes but reaches the open ones (/healthz, /readyz, /metrics); one from another CA is refused in the handshake; plaintext fails"
    )
    func mutualTLS() async throws {
        try await APIHarness.with("api_mtls") { api in
            let ok = try await api.request(.GET, "/v1/facts")
            #expect(ok.status == 200, "\(ok.body)")
            #expect(ok.json?["facts"] is [Any])
            let anonymous = try await api.request(.GET, "/v1/facts", role: nil)
            #expect(
                anonymous.status == 401
                    && (anonymous.json?["error"] as? [String: Any])?["code"] as? String == "unauthenticated",
                "\(anonymous.body)")
            for open in ["/healthz", "/readyz", "/metrics"] {
                #expect(try await api.request(.GET, open, role: nil).status == 200, "\(open)")
            }
            // A certificate from another CA.
            let other = NSTemporaryDirectory() + "fw-other-ca-\(UUID().uuidString.prefix(8))"
            defer { try? FileManager.default.removeItem(atPath: other) }
            try DevelopmentCertificates.create(in: other)
            var stranger = TLSConfiguration.makeClientConfiguration()
            stranger.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile("\(api.certificates)/ca.pem"))
            stranger.certificateChain = try NIOSSLCertificate.fromPEMFile("\(other)/client-read.pem").map {
                .certificate($0)
            }
            stranger.privateKey = .privateKey(try NIOSSLPrivateKey(file: "\(other)/client-read-key.pem", format: .pem))
            let refused = await TLSProbe.run(port: api.port, tls: stranger, path: "/v1/facts")
            #expect(refused.isRefused, "a certificate from another CA: \(refused)")
            // Plain HTTP to the TLS port.
            let plain = await TLSProbe.run(port: api.port, tls: nil)
            #expect(plain.isRefused, "plaintext: \(plain)")
            #expect(try await api.request(.GET, "/healthz").status == 200)
        }
    }

    @Test("roles: 'read' cannot submit (403 JSON error); 'ingest' can; 'admin' can see queue stats, 'read' cannot")
    func roles() async throws {
        try await APIHarness.with("api_roles") { api in
            let denied = try await api.request(
                .POST, "/v1/documents", role: .read, body: Array(Self.article.utf8), contentType: "text/plain")
            #expect(denied.status == 403)
            #expect((denied.json?["error"] as? [String: Any])?["code"] as? String == "forbidden")
            let accepted = try await api.request(
                .POST, "/v1/documents", role: .ingest, body: Array(Self.article.utf8), contentType: "text/plain")
            #expect(accepted.status == 202, "\(accepted.body)")
            #expect(accepted.json?["job_id"] is Int && accepted.json?["document_id"] is Int)
            #expect(try await api.request(.GET, "/v1/queue/stats", role: .read).status == 403)
            #expect(try await api.request(.GET, "/v1/queue/stats", role: .admin).status == 200)
            // Limits and periodic schedules, for operators (admin only).
            try await JobQueue(client: api.database, logger: APIHarness.logger).setLimit(
                kind: "factwire.sleep", maxRunning: 2, partitionBy: "host")
            #expect(try await api.request(.GET, "/v1/queue/limits", role: .read).status == 403)
            let limits = try await api.request(.GET, "/v1/queue/limits", role: .admin)
            #expect(limits.status == 200)
            let limit = (try? JSONSerialization.jsonObject(with: Data(limits.body.utf8)) as? [[String: Any]])?.first
            #expect(limit?["kind"] as? String == "factwire.sleep" && limit?["max_running"] as? Int == 2)
            #expect(limit?["partition_by"] as? String == "host")
            let periodic = try await api.request(.GET, "/v1/queue/periodic", role: .admin)
            #expect(periodic.status == 200 && periodic.body == "[]", "\(periodic.body)")
            let job = accepted.json?["job_id"] as? Int ?? 0
            #expect(try await api.request(.GET, "/v1/jobs/\(job)", role: .ingest).status == 200)
        }
    }

    @Test(
        "POST ?wait returns the finished job with the article's facts, from the NOTIFY event; the same bytes again are a duplicate"
    )
    func submitAndWait() async throws {
        try await APIHarness.with("api_wait") { api in
            let reply = try await api.request(
                .POST, "/v1/documents?wait=60s", role: .ingest, body: Array(Self.article.utf8),
                contentType: "text/plain")
            #expect(reply.status == 200, "\(reply.body)")
            let json = try #require(reply.json)
            #expect(json["state"] as? String == "completed")
            let facts = try #require(json["facts"] as? [[String: Any]])
            let keys = Set(
                facts.map {
                    "\($0["company"] as? String ?? "-")|\($0["metric"] as? String ?? "")|\(($0["value"] as? NSNumber)?.doubleValue ?? 0)"
                })
            #expect(
                keys.isSuperset(of: [
                    "Orlen Dynamics|revenue|30000000000.0", "Orlen Dynamics|rd_share_of_revenue|0.12",
                    "Orlen Dynamics|net_income|2500000000.0"
                ]), "\(keys)")
            #expect(facts.contains { $0["derived"] as? Bool == true && $0["metric"] as? String == "rd_spend" })
            let again = try await api.request(
                .POST, "/v1/documents", role: .ingest, body: Array(Self.article.utf8), contentType: "text/plain")
            #expect(again.status == 200 && again.json?["duplicate"] as? Bool == true)

            let article = try #require((json["article"] as? [String: Any])?["id"] as? Int)
            let detail = try await api.request(.GET, "/v1/articles/\(article)")
            #expect(detail.status == 200 && (detail.json?["facts"] as? [Any])?.count == facts.count)
            let companies = try await api.request(.GET, "/v1/companies")
            let company = try #require(((companies.json?["companies"] as? [[String: Any]])?.first)?["id"] as? Int)
            let figures = try await api.request(.GET, "/v1/companies/\(company)/figures")
            #expect(((figures.json?["figures"] as? [String: Any])?["revenue"] as? [Any])?.count == 1, "\(figures.body)")
            let point = ((figures.json?["figures"] as? [String: Any])?["revenue"] as? [[String: Any]])?.first
            #expect(point?["id"] is Int && point?["fact_id"] == nil, "one name for a fact's id: \(figures.body)")
            let csv = try await api.request(
                .GET, "/v1/facts?company=orlen%20dynamics&metric=revenue", headers: [("Accept", "text/csv")])
            #expect(csv.contentType?.hasPrefix("text/csv") == true)
            #expect(csv.body.split(separator: "\r\n").count == 2, "\(csv.body)")
            // A full page links to the next one with the same filters.
            let page = try await api.request(
                .GET, "/v1/facts?company=orlen%20dynamics&limit=1&after=999999999", headers: [("Accept", "text/csv")])
            let factID = try #require(page.body.split(separator: "\r\n").dropFirst().first?.split(separator: ",").first)
            #expect(
                page.link == "<?company=orlen%20dynamics&limit=1&after=\(factID)>; rel=\"next\"",
                "\(page.link ?? "no Link")")
        }
    }

    @Test(
        "GET /v1/figures: one figure per company and period, in JSON and CSV, with the currency's conversion or its reason"
    )
    func consolidatedFigures() async throws {
        try await APIHarness.with("api_figures") { api in
            let article = #"""
                {"title": "Pinecrest Audio results", "published_at": "2025-11-05",
                 "body": "Pinecrest Audio reported third-quarter revenue of 412 million euros on Wednesday."}
                """#
            let reply = try await api.request(
                .POST, "/v1/documents?wait=60s", role: .ingest, body: Array(article.utf8),
                contentType: "application/json")
            #expect(reply.status == 200, "\(reply.body)")
            let figures = try await api.request(
                .GET, "/v1/figures?company=pinecrest%20audio&metric=revenue&currency=EUR")
            #expect(figures.status == 200, "\(figures.body)")
            let rows = try #require(figures.json?["figures"] as? [[String: Any]])
            #expect(rows.count == 1, "\(figures.body)")
            let row = try #require(rows.first)
            #expect(row["period_kind"] as? String == "quarter" && row["fiscal_year"] as? Int == 2025)
            #expect(row["fiscal_quarter"] as? Int == 3 && row["period_end"] as? String == "2025-09-30")
            #expect((row["value"] as? NSNumber)?.doubleValue == 412e6 && row["sources"] as? Int == 1)
            // Euros asked in euros need no rate.
            #expect((row["value_converted"] as? NSNumber)?.doubleValue == 412e6, "\(row)")
            let usd = try await api.request(.GET, "/v1/figures?company=pinecrest%20audio")
            let converted = try #require((usd.json?["figures"] as? [[String: Any]])?.first)
            // No rates were imported in this database: no guess, and the reason.
            #expect(converted["value_converted"] is NSNull || converted["value_converted"] == nil, "\(converted)")
            #expect((converted["fx_note"] as? String)?.contains("rates import") == true, "\(converted)")
            let csv = try await api.request(
                .GET, "/v1/figures?company=pinecrest%20audio", headers: [("Accept", "text/csv")])
            #expect(csv.contentType?.hasPrefix("text/csv") == true)
            let lines = csv.body.split(separator: "\r\n")
            #expect(
                lines.count == 2 && lines[0].hasPrefix("company,metric,")
                    && lines[1].hasPrefix("Pinecrest Audio,revenue,"))
            let none = try await api.request(.GET, "/v1/figures?company=nobody%20at%20all")
            #expect(none.status == 200 && (none.json?["figures"] as? [Any])?.isEmpty == true)
        }
    }

    @Test(
        "bad requests: 413 for an oversized body with nothing stored, 415 for an unknown media type, 400 for bad parameters, JSON errors"
    )
    func limits() async throws {
        try await APIHarness.with("api_limits", maximumBodyBytes: 64 * 1024) { api in
            let huge = [UInt8](repeating: UInt8(ascii: "a"), count: 200 * 1024)
            let tooLarge = try await api.request(
                .POST, "/v1/documents", role: .ingest, body: huge, contentType: "text/plain")
            #expect(tooLarge.status == 413, "\(tooLarge.body)")
            #expect(try await api.count("SELECT count(*)::int8 FROM factwire.documents") == 0)
            #expect(
                try await api.request(.POST, "/v1/documents", role: .ingest, body: [1, 2], contentType: "image/png")
                    .status == 415)
            for path in [
                "/v1/facts?limit=0", "/v1/facts?limit=9999", "/v1/facts?metric=nope", "/v1/articles?since=yesterday",
                "/v1/articles?after=-3",
                "/v1/facts?from=2024-02-31", "/v1/facts?to=2023-02-29", "/v1/articles?until=2025-04-31",
                "/v1/jobs/abc", "/v1/documents?wait=1h", "/v1/figures?currency=GBP", "/v1/figures?limit=5000",
                "/v1/figures?from=2024-02-30"
            ] {
                let reply = try await api.request(
                    path.hasPrefix("/v1/documents") ? .POST : .GET, path, role: .admin,
                    body: path.hasPrefix("/v1/documents") ? Array(Self.article.utf8) : nil, contentType: "text/plain")
                #expect(reply.status == 400, "\(path): \(reply.status) \(reply.body)")
                #expect((reply.json?["error"] as? [String: Any])?["message"] is String, "\(path)")
            }
            #expect(try await api.request(.GET, "/v1/articles/999999").status == 404)
            let unknown = try await api.request(.GET, "/v1/nothing-here")
            #expect(
                unknown.status == 404 && (unknown.json?["error"] as? [String: Any])?["code"] as? String == "not_found",
                "\(unknown.body)")
        }
    }

    @Test("SQL in every parameter is data: answers are 200 or 400, never 500, and the tables are unchanged")
    func injection() async throws {
        try await APIHarness.with("api_sql") { api in
            _ = try await api.request(
                .POST, "/v1/documents?wait=60s", role: .ingest, body: Array(Self.article.utf8),
                contentType: "text/plain")
            let before = try await api.count(
                "SELECT (SELECT count(*) FROM factwire.documents) + (SELECT count(*) FROM factwire.facts) + (SELECT count(*) FROM factwire.articles)"
            )
            let attacks = [
                "'; DROP TABLE factwire.facts; --", "1 OR 1=1",
                "x' UNION SELECT token_sha256::text FROM factwire.api_tokens --", "%' OR '1'='1",
                "\\'; SELECT pg_sleep(5); --"
            ]
            for attack in attacks {
                let value = attack.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                for path in [
                    "/v1/facts?company=\(value)", "/v1/facts?period=\(value)", "/v1/articles?q=\(value)",
                    "/v1/articles?company=\(value)",
                    "/v1/facts?after=\(value)", "/v1/articles/\(value)", "/v1/companies?after=\(value)",
                    "/v1/figures?company=\(value)"
                ] {
                    let reply = try await api.request(.GET, path, role: .admin)
                    #expect(
                        reply.status == 200 || reply.status == 400 || reply.status == 404,
                        "\(path) → \(reply.status) \(reply.body)")
                }
            }
            #expect(
                try await api.count(
                    "SELECT (SELECT count(*) FROM factwire.documents) + (SELECT count(*) FROM factwire.facts) + (SELECT count(*) FROM factwire.articles)"
                ) == before)
        }
    }

    @Test("keyset pagination is stable while documents keep arriving: no article twice, none skipped")
    func pagination() async throws {
        try await APIHarness.with("api_pages") { api in
            let batch = (0..<25).map { ArticleFixtures.article($0) }.map {
                #"{"body": "\#($0.replacingOccurrences(of: "\n", with: "\\n"))"}"#
            }.joined(separator: "\n")
            let queued = try await api.request(
                .POST, "/v1/documents", role: .ingest, body: Array(batch.utf8), contentType: "application/x-ndjson")
            #expect(queued.status == 202)
            try await waitUntil { try await api.count("SELECT count(*)::int8 FROM factwire.articles") == 25 }
            let first = try await api.request(.GET, "/v1/articles?limit=10")
            var seen = ((first.json?["articles"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? Int }
            var next = first.json?["next"] as? String
            // More articles arrive between pages.
            let more = (25..<35).map { ArticleFixtures.article($0) }.map {
                #"{"body": "\#($0.replacingOccurrences(of: "\n", with: "\\n"))"}"#
            }.joined(separator: "\n")
            _ = try await api.request(
                .POST, "/v1/documents", role: .ingest, body: Array(more.utf8), contentType: "application/x-ndjson")
            try await waitUntil { try await api.count("SELECT count(*)::int8 FROM factwire.articles") == 35 }
            while let cursor = next {
                let page = try await api.request(.GET, "/v1/articles?limit=10&after=\(cursor)")
                seen += ((page.json?["articles"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? Int }
                next = page.json?["next"] as? String
            }
            #expect(seen.count == 25, "\(seen)")
            #expect(Set(seen).count == 25)
        }
    }

    @Test("an SSE client receives the event of a document ingested after it connected")
    func events() async throws {
        try await APIHarness.with("api_sse") { api in
            let client = try api.client(role: .read)
            let response = try await client.execute(
                HTTPClientRequest(url: "https://localhost:\(api.port)/v1/events"), timeout: .seconds(30))
            #expect(response.status.code == 200)
            #expect(response.headers.first(name: "Content-Type") == "text/event-stream")
            // Submit once the stream says it is connected (the server subscribed before answering), then read
            // until that job's event arrives — for at most 30 s, so a missing event fails the test, not the run.
            let (text, job) = try await withThrowingTaskGroup(of: (String, Int).self) { group in
                group.addTask {
                    var text = ""
                    var job: Int?
                    for try await chunk in response.body {
                        text += String(buffer: chunk)
                        if job == nil, text.contains(": connected") {
                            let reply = try await api.request(
                                .POST, "/v1/documents", role: .ingest, body: Array(APITests.article.utf8),
                                contentType: "text/plain")
                            job = reply.json?["job_id"] as? Int ?? -1
                        }
                        if let job, text.contains("id: \(job)\n") { break }
                    }
                    return (text, job ?? -1)
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(30))
                    try? await client.shutdown()  // ends the stream the other task reads
                    return ("(timed out)", -2)
                }
                defer { group.cancelAll() }
                return try await group.next() ?? ("", -3)
            }
            try? await client.shutdown()
            #expect(text.contains("event: job"), "\(text)")
            #expect(text.contains("id: \(job)"), "\(text)")
        }
    }

    @Test("SSE resumes with Last-Event-ID: the jobs finished since that one are sent first; an unknown id gets resync")
    func resumeEvents() async throws {
        try await APIHarness.with("api_sse_resume") { api in
            var jobs: [Int] = []
            for i in 0..<3 {
                let reply = try await api.request(
                    .POST, "/v1/documents?wait=60s", role: .ingest, body: Array(ArticleFixtures.article(i).utf8),
                    contentType: "text/plain")
                jobs.append(reply.json?["job_id"] as? Int ?? -1)
            }
            func firstChunk(_ lastEventID: String) async throws -> String {
                let client = try api.client(role: .read)
                var request = HTTPClientRequest(url: "https://localhost:\(api.port)/v1/events")
                request.headers.add(name: "Last-Event-ID", value: lastEventID)
                let response = try await client.execute(request, timeout: .seconds(10))
                var text = ""
                for try await chunk in response.body {
                    text += String(buffer: chunk)
                    if text.contains("id: \(jobs[2])") || text.contains("event: resync") { break }
                }
                try? await client.shutdown()
                return text
            }
            let resumed = try await firstChunk("\(jobs[0])")
            #expect(resumed.contains("id: \(jobs[1])") && resumed.contains("id: \(jobs[2])"), "\(resumed)")
            #expect(!resumed.contains("id: \(jobs[0])\n"), "\(resumed)")
            #expect(try await firstChunk("987654321").contains("event: resync"))
            #expect(try await api.request(.GET, "/v1/events", headers: [("Last-Event-ID", "abc")]).status == 400)
        }
    }

    @Test(
        "without mutual TLS: bearer tokens; a missing or unknown token is 401; use is recorded; a revoked token is 401 as soon as the NOTIFY arrives"
    )
    func tokens() async throws {
        try await APIHarness.with("api_tokens", mutualTLS: false) { api in
            let token = try await APITokens(client: api.database).create(
                role: .read, label: "test", logger: APIHarness.logger)
            #expect(try await api.request(.GET, "/v1/facts", role: nil).status == 401)
            #expect(
                try await api.request(
                    .GET, "/v1/facts", role: nil,
                    headers: [("Authorization", "Bearer fw_" + String(repeating: "0", count: 64))]
                ).status == 401)
            #expect(
                try await api.request(.GET, "/v1/facts", role: nil, headers: [("Authorization", "Bearer \(token)")])
                    .status == 200)
            #expect(
                try await api.request(
                    .POST, "/v1/documents", role: nil, body: [65], contentType: "text/plain",
                    headers: [("Authorization", "Bearer \(token)")]
                ).status == 403)
            #expect(
                try await api.count(
                    "SELECT count(*)::int8 FROM factwire.api_tokens WHERE token_sha256 = sha256(convert_to(\(token), 'UTF8'))"
                ) == 1)
            let tokens = APITokens(client: api.database)
            let listed = try #require(try await tokens.list(logger: APIHarness.logger).first)
            #expect(
                listed.label == "test" && listed.role == "read" && listed.lastUsedAt != nil && listed.revokedAt == nil)
            #expect(try await tokens.revoke(id: listed.id, logger: APIHarness.logger))
            #expect(try await !tokens.revoke(id: listed.id, logger: APIHarness.logger))
            // The query worker cached the token; the revocation's NOTIFY clears its cache as soon as its
            // LISTEN session delivers it (milliseconds), not after the entry's lifetime.
            let revokedAt = ContinuousClock.now
            var status = 200
            while status != 401, ContinuousClock.now - revokedAt < .seconds(5) {
                status = try await api.request(
                    .GET, "/v1/facts", role: nil, headers: [("Authorization", "Bearer \(token)")]
                ).status
                if status != 401 { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(status == 401)
        }
    }

    @Test("factwire ingest --server sends files over HTTPS with a client certificate and follows them with --wait")
    func ingestThroughServer() async throws {
        try await APIHarness.with("api_cli_ingest") { api in
            let folder = NSTemporaryDirectory() + "fw-remote-\(UUID().uuidString.prefix(8))"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            for i in 0..<4 {
                try ArticleFixtures.article(i).write(toFile: "\(folder)/a\(i).txt", atomically: true, encoding: .utf8)
            }
            let c = api.certificates
            let tls = [
                "--server", "https://localhost:\(api.port)", "--cacert", "\(c)/ca.pem", "--cert",
                "\(c)/client-ingest.pem", "--key", "\(c)/client-ingest-key.pem"
            ]
            let result = try await FactwireBinary.execute(["ingest", folder, "--wait", "--timeout", "60"] + tls)
            #expect(result.exitCode == 0, "\(result.output)")
            #expect(
                result.output.contains("queued 4 document(s)") && result.output.contains("ingested 4 document(s)"),
                "\(result.output)")
            #expect(try await api.count("SELECT count(*)::int8 FROM factwire.articles") == 4)
            let denied = try await FactwireBinary.execute(
                ["ingest", folder] + tls.dropLast(4) + [
                    "--cert", "\(c)/client-read.pem", "--key", "\(c)/client-read-key.pem"
                ])
            #expect(denied.exitCode == 1 && denied.output.contains("refused"), "\(denied.output)")
            #expect(
                try await FactwireBinary.execute(["ingest", folder, "--server", "http://localhost:\(api.port)"])
                    .exitCode == 2)
        }
    }

    @Test("health, readiness, metrics and the OpenAPI document need no client role")
    func operations() async throws {
        try await APIHarness.with("api_ops", mutualTLS: false) { api in
            #expect(try await api.request(.GET, "/readyz", role: nil).status == 200)
            // A queue leader in the same process (`factwire up`) records the depth gauges that /metrics also
            // sets, through swift-metrics, whose Prometheus factory registers them with no help text. A second
            // text for one name stops the process (swift-prometheus), so both paths must agree.
            PrometheusMetricsFactory(registry: FactwireMetrics.registry).makeRecorder(
                label: "factwire_queue_jobs", dimensions: [("queue", "ops_probe"), ("state", "dead")], aggregate: false
            ).record(Int64(0))
            _ = try await JobQueue(client: api.database, logger: APIHarness.logger).enqueue(
                NewJob(queue: "ops_probe", kind: "factwire.noop"))
            let metrics = try await api.request(.GET, "/metrics", role: nil)
            #expect(metrics.status == 200 && metrics.body.contains("factwire_http_requests"))
            #expect(metrics.body.contains(#"factwire_queue_jobs{queue="ops_probe",state="available"} 1"#))
            let help = metrics.body.split(separator: "\n").filter { $0.hasPrefix("# HELP factwire_queue_jobs ") }
            #expect(help == ["# HELP factwire_queue_jobs Jobs per queue and state."], "\(help)")
            let spec = try await api.request(.GET, "/openapi.yaml", role: nil)
            #expect(spec.status == 200 && spec.body.hasPrefix("openapi: 3.1.0"))
        }
    }
}

func waitUntil(_ limit: Duration = .seconds(60), _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    Issue.record("condition not met within \(limit)")
}
