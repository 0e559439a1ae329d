import ArgumentParser
import FactwireBench
import FactwireCore
import FactwireRuntime
import Foundation
import Logging

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
        var configuration = IngestBenchmark.Configuration()
        configuration.documents = documents
        configuration.workers = workers
        configuration.concurrency = concurrency
        configuration.batch = batch
        let settings = configuration
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        try await global.withDatabase(logger: logger, connections: 4) { session in
            let benchmark = IngestBenchmark(
                configuration: settings, client: session.client, database: session.configuration,
                executable: executable, logger: logger)
            print(try JSONCoding.string(await benchmark.run()))
        }
    }
}
