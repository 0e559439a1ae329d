import AsyncHTTPClient
import EmbeddedPostgres
import FactwireAPI
import FactwireStore
import FactwireTesting
import Foundation
import NIOCore
import PostgresNIO
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// PostgreSQL restarted (fast) and crashed (immediate) while an ingest worker, a query worker and an
/// HTTPS client keep working: both workers reconnect by themselves, the API answers 503 with a JSON error
/// while the database is away, and every document is ingested exactly once.
/// After the `-m immediate` crash some calls sit on connections that died without the driver noticing;
/// the worker cuts them off after `--call-timeout-seconds` (5 here) and the jobs involved are rescued.
/// Slow (a minute or more, its own cluster): FACTWIRE_SLOW_TESTS=1, run on its own by `.ci/run`.
@Suite(
    "Faults: PostgreSQL restarts under load", .serialized, .timeLimit(.minutes(5)),
    .enabled(if: ProcessInfo.processInfo.environment["FACTWIRE_SLOW_TESTS"] == "1", "slow: set FACTWIRE_SLOW_TESTS=1"))
struct DatabaseRestartTests {
    static let logger = TestPostgres.logger
    static let documents = 240

    @Test(
        "pg_ctl stop -m fast and -m immediate under load: no job lost, no duplicate facts, 503 JSON while down, recovery after"
    )
    func restartUnderLoad() async throws {
        let folder = NSTemporaryDirectory() + "fw-restart-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var clusterConfiguration = EmbeddedPostgres.Configuration(home: "\(folder)/pg")
        clusterConfiguration.port = try QueryWorkerProcessTests.freePort()
        clusterConfiguration.binDirectory = try TestPostgres.binaries().directory
        let cluster = EmbeddedPostgres(configuration: clusterConfiguration, logger: Self.logger)
        let endpoint = try await cluster.start()
        defer { try? cluster.stopBlocking() }
        let database = try DatabaseConfiguration(url: endpoint.url)
        try await database.createDatabaseIfMissing(logger: Self.logger)
        try DevelopmentCertificates.create(in: "\(folder)/tls")

        try await TestPostgres.withClient(database) { client throws in
            try await Migrator(logger: Self.logger).migrate(client: client)
            let environment = ["DATABASE_URL": endpoint.url, "LOG_LEVEL": "info"]
            let ingest = try FactwireBinary.start(
                // A handler caught on a connection that died in the crash is cut off at its deadline and retried;
                // a claim or completion caught that way, after 5 s.
                [
                    "ingest-worker", "--concurrency", "4", "--lease-seconds", "4", "--rescue-seconds", "1",
                    "--deadline-seconds", "20",
                    "--call-timeout-seconds", "5"
                ],
                outputPath: "\(folder)/ingest.log", environment: environment
            )
            defer {
                ingest.send(SIGKILL)
                _ = ingest.waitForExit()
            }
            let query = try FactwireBinary.start(
                [
                    "query-worker", "--listen", "127.0.0.1:0", "--tls-cert", "\(folder)/tls/server.pem",
                    "--tls-key", "\(folder)/tls/server-key.pem",
                    "--client-ca", "\(folder)/tls/ca.pem"
                ],
                outputPath: "\(folder)/query.log", environment: environment
            )
            defer {
                query.send(SIGKILL)
                _ = query.waitForExit()
            }
            let http = HTTPClient(
                eventLoopGroupProvider: .singleton,
                configuration: .init(
                    tlsConfiguration: try QueryWorkerProcessTests.tls(
                        trusting: "\(folder)/tls/ca.pem", certificate: "\(folder)/tls/client-admin.pem",
                        key: "\(folder)/tls/client-admin-key.pem")))
            defer { _ = http.shutdown() }
            let port = try #require(
                try await FactwireBinary.listeningPort(of: query), "the query worker did not listen: \(query.output)")
            let api = RestartAPI(http: http, port: port)
            try await Poll.until("the query worker answers") { (try? await api.get("/v1/articles").status) == 200 }

            // The load: one document after another over HTTPS, each retried until the API accepts it.
            let accepted = Atomic<Int>(0)
            let unavailable = Mutex<[RestartAPI.Reply]>([])
            let loader = Task {
                for index in 0..<Self.documents {
                    let body = Array(ArticleFixtures.article(index).utf8)
                    let giveUp = ContinuousClock.now + .seconds(90)
                    var last = "no answer"
                    while true {
                        do {
                            let reply = try await api.post("/v1/documents", body: body)
                            if reply.status == 202 || reply.status == 200 { break }
                            if reply.status == 503 { unavailable.withLock { $0.append(reply) } }
                            last = "\(reply.status) \(reply.body.prefix(200))"
                        } catch {
                            last = "\(error)"
                        }
                        // Bounded, so a wedged server fails the test with its reason instead of hanging it.
                        guard ContinuousClock.now < giveUp else {
                            Issue.record("document \(index) was not accepted for 90 s; last answer: \(last)")
                            return
                        }
                        try await Task.sleep(for: .milliseconds(100))
                    }
                    accepted.add(1, ordering: .relaxed)
                }
            }
            var recoveries: [(String, Double, Double)] = []
            for (mode, after) in [(EmbeddedPostgres.ShutdownMode.fast, 60), (.immediate, 140)] {
                try await Poll.until("\(after) documents are accepted") { accepted.load(ordering: .relaxed) >= after }
                try await cluster.stop(mode: mode)
                // While it is down: a JSON 503 with Retry-After, quickly (the gate, not the pool's timeout).
                var downReply: RestartAPI.Reply?
                try await Poll.until("the API answers 503 while PostgreSQL is down", limit: .seconds(15)) {
                    let reply = try? await api.get("/v1/facts")
                    if reply?.status == 503 { downReply = reply }
                    return reply?.status == 503
                }
                #expect(
                    downReply?.json?["error"]?["code"] as? String == "database_unavailable", "\(downReply?.body ?? "")")
                let probe = ContinuousClock.now
                let again = try? await api.get("/v1/facts")
                let downAnswer = probe.duration(to: .now)
                try await Task.sleep(for: .seconds(2))
                _ = try await cluster.start()
                let restarted = ContinuousClock.now
                try await Poll.until("the API answers 200 again", limit: .seconds(60)) {
                    (try? await api.get("/v1/facts").status) == 200
                }
                let apiBack = restarted.duration(to: .now)
                let done = try await Self.count(client, "SELECT count(*)::int8 FROM factwire.job_history")
                try await Poll.until("the ingest worker completes jobs again", limit: .seconds(60)) {
                    try await Self.count(client, "SELECT count(*)::int8 FROM factwire.job_history") > done
                        || accepted.load(ordering: .relaxed) >= Self.documents
                }
                let workerBack = restarted.duration(to: .now)
                recoveries.append(("\(mode)", Self.seconds(apiBack), Self.seconds(workerBack)))
                print(
                    "restart -m \(mode): while down, a request was answered \(again?.status ?? 0) in \(downAnswer) (Retry-After \(again?.retryAfter ?? "-"))"
                )
            }
            try await loader.value
            let settling = ContinuousClock.now
            try await Poll.until("all documents are ingested", limit: .seconds(120)) {
                try await Self.count(client, "SELECT count(*)::int8 FROM factwire.documents WHERE state = 'ingested'")
                    >= Int64(Self.documents)
            }
            #expect(!unavailable.withLock { $0.isEmpty }, "the load never met the database down")
            // Both workers are the processes started before the restarts: they reconnected by themselves.
            #expect(kill(ingest.pid, 0) == 0 && kill(query.pid, 0) == 0)
            #expect(
                try await Self.count(client, "SELECT count(*)::int8 FROM factwire.documents") == Int64(Self.documents))
            print("restart: all documents ingested \(settling.duration(to: .now)) after the load ended")
            // What the ingest worker had to cut off after the crash (calls on connections that died with it).
            let cutOff = ingest.output.split(separator: "\n").filter {
                $0.contains("no answer within") || $0.contains("abandoned") || $0.contains("could not record")
                    || $0.contains("stopped itself")
            }
            print(
                "restart: ingest worker cut off \(cutOff.count) stuck calls\(cutOff.prefix(3).map { "\n  \($0.prefix(300))" }.joined())"
            )
            #expect(
                try await Self.count(client, "SELECT count(*)::int8 FROM factwire.articles") == Int64(Self.documents),
                "ingest worker log: \(ingest.output.suffix(4000))\nquery worker log: \(query.output.suffix(3000))")
            let expected = try await ArticleFixtures.expectedFactCount(0..<Self.documents)
            #expect(try await Self.count(client, "SELECT count(*)::int8 FROM factwire.facts") == Int64(expected))
            #expect(
                try await Self.count(
                    client, "SELECT (SELECT count(*) FROM factwire.jobs) + (SELECT count(*) FROM factwire.dead_jobs)")
                    == 0)
            #expect(
                try await Self.count(
                    client, "SELECT count(DISTINCT id)::int8 FROM factwire.job_history WHERE final_state = 'completed'")
                    == Int64(Self.documents))
            for (mode, api, worker) in recoveries {
                print(
                    "restart -m \(mode): API 200 again \(String(format: "%.2f", api)) s after the server was up, ingest completing jobs again after \(String(format: "%.2f", worker)) s"
                )
            }
            ingest.send(SIGTERM)
            query.send(SIGTERM)
            #expect(await ingest.exited() == 0, "\(ingest.output.suffix(2000))")
            #expect(await query.exited() == 0, "\(query.output.suffix(2000))")
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func count(_ client: PostgresClient, _ query: PostgresQuery) async throws -> Int64 {
        for try await n in try await client.query(query, logger: logger).decode(Int64.self) { return n }
        return 0
    }
}

/// The few HTTPS calls the restart test makes, on one client.
struct RestartAPI: Sendable {
    let http: HTTPClient
    let port: Int

    struct Reply: Sendable {
        var status: Int
        var body: String
        var retryAfter: String?
        var json: [String: [String: Any]]? {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: [String: Any]]
        }
    }

    func get(_ path: String) async throws -> Reply {
        try await send(HTTPClientRequest(url: "https://localhost:\(port)\(path)"))
    }

    func post(_ path: String, body: [UInt8]) async throws -> Reply {
        var request = HTTPClientRequest(url: "https://localhost:\(port)\(path)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "text/plain")
        request.body = .bytes(ByteBuffer(bytes: body))
        return try await send(request)
    }

    private func send(_ request: HTTPClientRequest) async throws -> Reply {
        let response = try await http.execute(request, timeout: .seconds(10))
        let buffer = try await response.body.collect(upTo: 1 << 22)
        return Reply(
            status: Int(response.status.code), body: String(buffer: buffer),
            retryAfter: response.headers.first(name: "Retry-After"))
    }
}
