import ArgumentParser
import EmbeddedPostgres
import FactwireIngest
import FactwireStore
import Foundation
import Logging
import PostgresNIO

/// `factwire bench ingest`: end-to-end ingestion rate (documents stored and queued → articles and
/// facts committed) with N `factwire ingest-worker` processes; prints JSON. Run on a release build.
struct BenchIngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "End-to-end articles/s (enqueue → facts committed) with N ingest-worker processes."
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Documents (generated, article-sized, all distinct).") var documents = 5_000
    @Option(help: "ingest-worker processes.") var workers = 1
    @Option(help: "Concurrency of each worker process.") var concurrency = 8
    @Option(help: "Documents per submit transaction.") var batch = 500

    func validate() throws {
        guard documents > 0, workers > 0, workers <= 16, concurrency > 0, batch > 0 else {
            throw ValidationError("--documents, --workers (≤ 16), --concurrency and --batch must be positive")
        }
    }

    func run() async throws {
        var quiet = global.makeLogger()
        quiet.logLevel = max(quiet.logLevel, .warning)
        let logger = quiet
        let options = self
        try await DatabaseSession.with(global, logger: logger, maximumConnections: 4) { session in
            try await Migrator.prepareForService(session: session, logger: logger, migrate: true)
            // Distinct documents every run (identical bytes would be skipped as duplicates).
            var generator = CorpusGenerator(seed: UInt64.random(in: 0...UInt64.max))
            let run = UInt32.random(in: 0...UInt32.max)
            let corpus = (0..<options.documents).map {
                Array((generator.article() + "\n\nReference \(run)-\($0).").utf8)
            }
            let bytes = corpus.reduce(0) { $0 + $1.count }

            let folder = NSTemporaryDirectory() + "factwire-bench-ingest-\(run)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
            let environment = ["DATABASE_URL": session.configuration.url, "LOG_LEVEL": "warning"]
            let processes = try (0..<options.workers).map { i in
                try ProcessRunner.start(
                    [executable, "ingest-worker", "--concurrency", "\(options.concurrency)", "--no-migrate"],
                    outputPath: "\(folder)/worker\(i).log", environment: environment
                )
            }
            defer {
                for process in processes { process.send(SIGTERM) }
                for process in processes { _ = process.waitForExit() }
            }
            try await Task.sleep(for: .seconds(1))  // let the workers connect and LISTEN

            let documents = DocumentStore(client: session.client, logger: logger)
            let before = try await documents.count(states: ["ingested"])
            let submitter = DocumentSubmitter(client: session.client, logger: logger)
            let start = ContinuousClock.now
            var next = 0
            while next < corpus.count {
                let end = min(next + options.batch, corpus.count)
                _ = try await submitter.submit(corpus[next..<end].map { .init(content: $0, mediaType: "text/plain") })
                next = end
            }
            let enqueueSeconds = (ContinuousClock.now - start).seconds
            let target = before + options.documents
            while try await documents.count(states: ["ingested", "failed"]) < target {
                try await Task.sleep(for: .milliseconds(20))
            }
            let seconds = (ContinuousClock.now - start).seconds
            let facts = try await FactStore(client: session.client, logger: logger).count()
            let result: [String: Any] = [
                "benchmark": "ingest", "documents": options.documents, "bytes": bytes,
                "worker_processes": options.workers,
                "concurrency": options.concurrency, "enqueue_seconds": (enqueueSeconds * 1000).rounded() / 1000,
                "end_to_end_seconds": (seconds * 1000).rounded() / 1000,
                "articles_per_s": Int(Double(options.documents) / seconds),
                "mb_per_s": (Double(bytes) / 1e6 / seconds * 100).rounded() / 100, "facts_in_database": facts
            ]
            let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }

}
