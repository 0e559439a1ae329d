import AsyncHTTPClient
import EmbeddedPostgres
import FactwireAPI
import FactwireStore
import FactwireTesting
import Foundation
import NIOCore
import NIOSSL
import PostgresNIO
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The compose deployment on one machine: 2 query-worker processes and 1, 2, then 3 ingest-worker
/// processes, started with the arguments deploy/compose.yaml gives them, one PostgreSQL; 5,000 documents
/// submitted over HTTPS (mutual TLS) to both query workers. Slow: runs when FACTWIRE_SLOW_TESTS=1.
@Suite(
    "Scale-out (slow): compose's processes on one machine", .serialized, .timeLimit(.minutes(10)),
    .enabled(if: ProcessInfo.processInfo.environment["FACTWIRE_SLOW_TESTS"] == "1", "slow: set FACTWIRE_SLOW_TESTS=1"))
struct ScaleOutTests {
    static let documents = 5_000

    @Test(
        "5,000 documents over HTTPS through 2 query workers, ingested by 1, 2 and 3 ingest workers: each exactly once")
    func scaleOut() async throws {
        let folder = NSTemporaryDirectory() + "fw-scale-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try DevelopmentCertificates.create(in: "\(folder)/tls")
        var figures: [String] = []
        for ingestWorkers in 1...3 {
            let database = try await TestPostgres.makeDatabase("scale_\(ingestWorkers)")
            let figure = try await TestPostgres.withClient(database) { client throws -> String in
                try await Migrator(logger: TestPostgres.logger).migrate(client: client)
                let environment = ["DATABASE_URL": FactwireBinary.url(database), "LOG_LEVEL": "notice"]
                var processes: [RunningProcess] = []
                defer {
                    for process in processes {
                        process.send(SIGKILL)
                        _ = process.waitForExit()
                    }
                }
                var ports: [Int] = []
                for q in 0..<2 {
                    // As compose runs it (0.0.0.0 there; loopback here), on a port the kernel picks.
                    processes.append(
                        try FactwireBinary.start(
                            [
                                "query-worker", "--no-migrate", "--listen", "127.0.0.1:0", "--tls-cert",
                                "\(folder)/tls/server.pem",
                                "--tls-key", "\(folder)/tls/server-key.pem", "--client-ca", "\(folder)/tls/ca.pem"
                            ],
                            outputPath: "\(folder)/query-\(ingestWorkers)-\(q).log", environment: environment
                        ))
                    let worker = processes[processes.count - 1]
                    ports.append(
                        try #require(
                            try await FactwireBinary.listeningPort(of: worker),
                            "query worker \(q) did not listen: \(worker.output)"))
                }
                for i in 0..<ingestWorkers {
                    let metrics = try #require(FreePort.find())
                    processes.append(
                        try FactwireBinary.start(
                            [
                                "ingest-worker", "--no-migrate", "--concurrency", "8", "--metrics-listen",
                                "127.0.0.1:\(metrics)",
                                "--events-file", "\(folder)/ingest-\(ingestWorkers)-\(i).ndjson"
                            ],
                            outputPath: "\(folder)/ingest-\(ingestWorkers)-\(i).log", environment: environment
                        ))
                }
                var tls = TLSConfiguration.makeClientConfiguration()
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile("\(folder)/tls/ca.pem"))
                tls.certificateChain = try NIOSSLCertificate.fromPEMFile("\(folder)/tls/client-ingest.pem").map {
                    .certificate($0)
                }
                tls.privateKey = .privateKey(
                    try NIOSSLPrivateKey(file: "\(folder)/tls/client-ingest-key.pem", format: .pem))
                let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
                defer { _ = http.shutdown() }
                for port in ports {
                    try await Poll.until("query worker \(port) answers") {
                        let request = HTTPClientRequest(url: "https://localhost:\(port)/healthz")
                        return (try? await http.execute(request, timeout: .seconds(5)).status.code) == 200
                    }
                }
                let started = ContinuousClock.now
                let targets = ports
                // 32 requests in flight, alternating between the two query workers.
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for lane in 0..<32 {
                        group.addTask {
                            var index = lane
                            while index < Self.documents {
                                var request = HTTPClientRequest(
                                    url: "https://localhost:\(targets[index % 2])/v1/documents")
                                request.method = .POST
                                request.headers.add(name: "Content-Type", value: "text/plain")
                                request.body = .bytes(ByteBuffer(string: ArticleFixtures.article(index)))
                                let response = try await http.execute(request, timeout: .seconds(60))
                                _ = try await response.body.collect(upTo: 1 << 20)
                                guard response.status == .accepted || response.status == .ok else {
                                    throw CocoaError(
                                        .coderInvalidValue,
                                        userInfo: [NSLocalizedDescriptionKey: "document \(index): \(response.status)"])
                                }
                                index += 32
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let submitted = started.duration(to: .now)
                try await Poll.until("all documents are ingested", limit: .seconds(400)) {
                    try await DatabaseRestartTests.count(
                        client, "SELECT count(*)::int8 FROM factwire.documents WHERE state = 'ingested'")
                        >= Int64(Self.documents)
                }
                let elapsed = started.duration(to: .now)
                #expect(
                    try await DatabaseRestartTests.count(client, "SELECT count(*)::int8 FROM factwire.articles")
                        == Int64(Self.documents))
                #expect(
                    try await DatabaseRestartTests.count(
                        client,
                        "SELECT count(DISTINCT id)::int8 FROM factwire.job_history WHERE final_state = 'completed'")
                        == Int64(Self.documents))
                #expect(
                    try await DatabaseRestartTests.count(client, "SELECT count(*)::int8 FROM factwire.job_history")
                        == Int64(Self.documents))
                let perWorker = (0..<ingestWorkers).map { i in
                    finishedEvents("\(folder)/ingest-\(ingestWorkers)-\(i).ndjson")
                }
                #expect(perWorker.reduce(0, +) == Self.documents, "finished per worker: \(perWorker)")
                let seconds = DatabaseRestartTests.seconds(elapsed)
                let figure =
                    #"{"ingest_workers":\#(ingestWorkers),"query_workers":2,"documents":\#(Self.documents),"submit_seconds":\#(String(format: "%.1f", DatabaseRestartTests.seconds(submitted))),"total_seconds":\#(String(format: "%.1f", seconds)),"articles_per_second":\#(String(format: "%.0f", Double(Self.documents) / seconds)),"per_worker":\#(perWorker)}"#
                for process in processes { process.send(SIGTERM) }
                for process in processes { #expect(await process.exited() == 0) }
                processes.removeAll()
                return figure
            }
            figures.append(figure)
        }
        for figure in figures { print("scale-out: \(figure)") }
    }
}

/// Jobs a worker's events file reports finished.
func finishedEvents(_ path: String) -> Int {
    let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    return text.split(separator: "\n").filter { $0.contains(#""event":"finished""#) }.count
}
