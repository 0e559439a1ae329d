import ArgumentParser
import AsyncHTTPClient
import FactwireAPI
import FactwireIngest
import FactwireQueue
import FactwireStore
import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO
import Synchronization

/// `factwire bench api`: requests/s and p50/p99 latency of the HTTPS API over TLS keep-alive.
///
/// The query worker runs in this process next to the load generator (AsyncHTTPClient, `--connections`
/// HTTP/1.1 keep-alive connections with client certificates), as they share the machine in the target.
/// The database gets `--documents` generated articles first, ingested through the queue.
struct BenchAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "HTTPS API requests/s and latency (fact lookup by company, article by id) over TLS keep-alive."
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Concurrent keep-alive connections.") var connections = 64
    @Option(help: "Seconds per measured route.") var seconds = 10.0
    @Option(help: "Generated articles to load first.") var documents = 500

    func run() async throws {
        var quiet = global.makeLogger()
        quiet.logLevel = max(quiet.logLevel, .warning)
        let logger = quiet
        let options = self
        let folder = NSTemporaryDirectory() + "factwire-bench-api-\(UInt32.random(in: 0...UInt32.max))"
        try DevelopmentCertificates.create(in: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await DatabaseSession.with(global, logger: logger, maximumConnections: 40) { session in
            try await Migrator.prepareForService(session: session, logger: logger, migrate: true)
            var configuration = QueryWorker.Configuration(
                certificatePath: "\(folder)/server.pem", privateKeyPath: "\(folder)/server-key.pem")
            configuration.port = 0
            configuration.clientCAPath = "\(folder)/ca.pem"
            configuration.database = session.configuration
            let (ports, portContinuation) = AsyncStream<Int>.makeStream()
            let server = QueryWorker(configuration: configuration, primary: session.client, logger: logger) {
                portContinuation.yield($0)
            }
            var registry = JobRegistry()
            registry.register(IngestHandler(client: session.client))
            let ingest = JobWorker(
                client: session.client, registry: registry, configuration: .init(queues: [IngestHandler.queue: 4]),
                logger: logger)
            let json = try await withThrowingTaskGroup(of: Void.self) { group -> String in
                group.addTask { try await server.run() }
                group.addTask { try await ingest.run() }
                defer { group.cancelAll() }
                var iterator = ports.makeAsyncIterator()
                guard let port = await iterator.next() else { throw ValidationError("the query worker did not start") }
                let (company, article) = try await options.load(session: session, logger: logger)
                let client = try options.httpClient(folder)
                defer { _ = client.shutdown() }
                let facts = try await options.measure(
                    client, url: "https://localhost:\(port)/v1/facts?company=\(company)&limit=20")
                let articles = try await options.measure(
                    client, url: "https://localhost:\(port)/v1/articles/\(article)")
                let result: [String: Any] = [
                    "benchmark": "api", "connections": options.connections, "seconds_per_route": options.seconds,
                    "tls": "mutual", "facts_by_company": facts, "article_by_id": articles
                ]
                let data = try JSONSerialization.data(
                    withJSONObject: result, options: [.sortedKeys, .withoutEscapingSlashes])
                return String(decoding: data, as: UTF8.self)
            }
            print(json)
        }
    }

    /// Ingests generated articles; returns a company key with facts and an article id.
    func load(session: DatabaseSession, logger: Logger) async throws -> (String, Int64) {
        var generator = CorpusGenerator(seed: UInt64.random(in: 0...UInt64.max))
        let run = UInt32.random(in: 0...UInt32.max)
        let corpus = (0..<documents).map {
            DocumentSubmitter.Submission(
                content: Array((generator.article() + "\n\nRef \(run)-\($0).").utf8), mediaType: "text/plain")
        }
        _ = try await DocumentSubmitter(client: session.client, logger: logger).submit(corpus)
        let documents = DocumentStore(client: session.client, logger: logger)
        while try await documents.count(states: ["queued"]) > 0 {
            try await Task.sleep(for: .milliseconds(100))
        }
        if let (key, article) = try await CompanyStore(client: session.client, logger: logger).busiest() {
            return (key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? key, article)
        }
        throw ValidationError("no facts were ingested to query")
    }

    func httpClient(_ folder: String) throws -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile("\(folder)/ca.pem"))
        tls.certificateChain = try NIOSSLCertificate.fromPEMFile("\(folder)/client-read.pem").map { .certificate($0) }
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: "\(folder)/client-read-key.pem", format: .pem))
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.httpVersion = .http1Only
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// `connections` loops requesting `url` for `seconds`; returns requests/s, p50, p99 and errors.
    func measure(_ client: HTTPClient, url: String) async throws -> [String: Any] {
        // Warm up: open the connections (TLS handshakes are not what is measured).
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<connections {
                group.addTask {
                    _ = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10)).body.collect(
                        upTo: 1 << 22)
                }
            }
            try await group.waitForAll()
        }
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        let start = ContinuousClock.now
        let samples = try await withThrowingTaskGroup(of: ([Double], Int).self) { group in
            for _ in 0..<connections {
                group.addTask {
                    var latencies: [Double] = []
                    var errors = 0
                    while ContinuousClock.now < deadline {
                        let t0 = ContinuousClock.now
                        do {
                            let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
                            _ = try await response.body.collect(upTo: 1 << 22)
                            if response.status != .ok { errors += 1 }
                        } catch {
                            errors += 1
                        }
                        latencies.append((ContinuousClock.now - t0).seconds * 1000)
                    }
                    return (latencies, errors)
                }
            }
            var all: [Double] = []
            var errors = 0
            for try await (latencies, failed) in group {
                all += latencies
                errors += failed
            }
            return (all.sorted(), errors)
        }
        let elapsed = (ContinuousClock.now - start).seconds
        let latencies = samples.0
        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            return (latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] * 100).rounded() / 100
        }
        return [
            "requests": latencies.count, "requests_per_s": Int(Double(latencies.count) / elapsed),
            "p50_ms": percentile(0.5),
            "p99_ms": percentile(0.99), "errors": samples.1
        ]
    }
}
