import EmbeddedPostgres
import FactwireCore
import FactwireIngest
public import FactwireStore
import Foundation
public import Logging
public import PostgresNIO

/// End-to-end ingestion: generated documents stored and queued, then read by N `factwire
/// ingest-worker` processes until every article and its facts are committed. Run on a release build.
public struct IngestBenchmark: Sendable {
    public struct Configuration: Sendable {
        /// Generated, article-sized documents, all distinct.
        public var documents = 5_000
        /// `ingest-worker` processes, and the concurrency of each.
        public var workers = 1
        public var concurrency = 8
        /// Documents per submit transaction.
        public var batch = 500
        public init() {}
    }

    public struct Report: Encodable, Sendable {
        public var benchmark = "ingest"
        public var documents: Int
        public var bytes: Int
        public var workerProcesses: Int
        public var concurrency: Int
        public var enqueueSeconds: Double
        public var endToEndSeconds: Double
        public var articlesPerSecond: Int
        public var megabytesPerSecond: Double
        public var factsInDatabase: Int

        enum CodingKeys: String, CodingKey {
            case benchmark, documents, bytes, concurrency
            case workerProcesses = "worker_processes"
            case enqueueSeconds = "enqueue_seconds"
            case endToEndSeconds = "end_to_end_seconds"
            case articlesPerSecond = "articles_per_s"
            case megabytesPerSecond = "mb_per_s"
            case factsInDatabase = "facts_in_database"
        }
    }

    let configuration: Configuration
    let client: PostgresClient
    let database: DatabaseConfiguration
    /// The `factwire` executable the worker processes run.
    let executable: String
    let logger: Logger

    public init(
        configuration: Configuration, client: PostgresClient, database: DatabaseConfiguration, executable: String,
        logger: Logger
    ) {
        self.configuration = configuration
        self.client = client
        self.database = database
        self.executable = executable
        self.logger = logger
    }

    public func run() async throws -> Report {
        // Distinct documents every run (identical bytes would be skipped as duplicates).
        var generator = CorpusGenerator(seed: UInt64.random(in: 0...UInt64.max))
        let run = UInt32.random(in: 0...UInt32.max)
        let corpus = (0..<configuration.documents).map {
            Array((generator.article() + "\n\nReference \(run)-\($0).").utf8)
        }
        let bytes = corpus.reduce(0) { $0 + $1.count }

        let folder = NSTemporaryDirectory() + "factwire-bench-ingest-\(run)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let environment = ["DATABASE_URL": database.url, "LOG_LEVEL": "warning"]
        let processes = try (0..<configuration.workers).map { i in
            try ProcessRunner.start(
                [executable, "ingest-worker", "--concurrency", "\(configuration.concurrency)", "--no-migrate"],
                outputPath: "\(folder)/worker\(i).log", environment: environment
            )
        }
        defer {
            for process in processes { process.send(SIGTERM) }
            for process in processes { _ = process.waitForExit() }
        }
        try await Task.sleep(for: .seconds(1))  // let the workers connect and LISTEN

        let documents = DocumentStore(client: client, logger: logger)
        let submitter = DocumentSubmitter(client: client, logger: logger)
        let start = ContinuousClock.now
        var next = 0
        while next < corpus.count {
            let end = min(next + configuration.batch, corpus.count)
            _ = try await submitter.submit(corpus[next..<end].map { .init(content: $0, mediaType: "text/plain") })
            next = end
        }
        let enqueueSeconds = (ContinuousClock.now - start).seconds
        while try await documents.unfinishedCount() > 0 {
            try await Task.sleep(for: .milliseconds(20))
        }
        let seconds = (ContinuousClock.now - start).seconds
        let facts = try await FactStore(client: client, logger: logger).count()
        return Report(
            documents: configuration.documents, bytes: bytes, workerProcesses: configuration.workers,
            concurrency: configuration.concurrency, enqueueSeconds: Rounding.places(enqueueSeconds, 3),
            endToEndSeconds: Rounding.places(seconds, 3),
            articlesPerSecond: Int(Double(configuration.documents) / seconds),
            megabytesPerSecond: Rounding.places(Double(bytes) / 1e6 / seconds, 2), factsInDatabase: facts)
    }
}
