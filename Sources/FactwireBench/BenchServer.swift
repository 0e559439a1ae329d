import FactwireAPI
import FactwireIngest
import FactwireQueue
import FactwireStore
import Foundation
import Logging
import PostgresNIO

/// The query worker both API benchmarks measure: development certificates in a temporary folder, a free
/// loopback port, and a database loaded with generated articles by an ingest worker that runs only while
/// it loads (an idle worker's polling is not part of the measurement).
struct BenchServer {
    var port: Int
    /// The folder of the development CA, server and client certificates.
    var certificates: String
    /// A company key with facts (percent-encoded for a URL) and an article id, to request.
    var company: String
    var article: Int64

    /// Starts the server (`mutualTLS`: clients need a certificate of the development CA), loads `documents`
    /// articles, and runs `body`; the server stops when `body` returns.
    static func run<T>(
        client: PostgresClient, database: DatabaseConfiguration, logger: Logger, documents: Int, mutualTLS: Bool,
        _ body: (BenchServer) async throws -> T
    ) async throws -> T {
        let folder = NSTemporaryDirectory() + "factwire-bench-api-\(UInt32.random(in: 0...UInt32.max))"
        try DevelopmentCertificates.create(in: folder)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var server = QueryWorker.Configuration(
            certificatePath: "\(folder)/server.pem", privateKeyPath: "\(folder)/server-key.pem")
        server.port = 0
        if mutualTLS { server.clientCAPath = "\(folder)/ca.pem" }
        server.database = database
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        // The run ends by cancelling the server; its "child channel cancelled" errors are not the measurement's.
        var serverLogger = logger
        serverLogger.logLevel = .critical
        let worker = QueryWorker(configuration: server, primary: client, logger: serverLogger) {
            portContinuation.yield($0)
        }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await worker.run() }
            defer { group.cancelAll() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                throw BenchmarkFailure(description: "the query worker did not start")
            }
            let (company, article) = try await load(client: client, logger: logger, documents: documents)
            return try await body(BenchServer(port: port, certificates: folder, company: company, article: article))
        }
    }

    /// Ingests `documents` generated articles; returns a company key with facts and an article id.
    static func load(client: PostgresClient, logger: Logger, documents: Int) async throws -> (String, Int64) {
        var registry = JobRegistry()
        registry.register(IngestHandler(client: client))
        let ingest = JobWorker(
            client: client, registry: registry, configuration: .init(queues: [IngestHandler.queue: 4]), logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await ingest.run() }
            defer { group.cancelAll() }
            var generator = CorpusGenerator(seed: UInt64.random(in: 0...UInt64.max))
            let run = UInt32.random(in: 0...UInt32.max)
            let corpus = (0..<documents).map {
                DocumentSubmitter.Submission(
                    content: Array((generator.article() + "\n\nRef \(run)-\($0).").utf8), mediaType: "text/plain")
            }
            _ = try await DocumentSubmitter(client: client, logger: logger).submit(corpus)
            let store = DocumentStore(client: client, logger: logger)
            while try await store.unfinishedCount() > 0 {
                try await Task.sleep(for: .milliseconds(100))
            }
            guard let (key, article) = try await CompanyStore(client: client, logger: logger).busiest() else {
                throw BenchmarkFailure(description: "no facts were ingested to query")
            }
            return (key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? key, article)
        }
    }
}
