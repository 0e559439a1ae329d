import ArgumentParser
import FactwireBench
import FactwireCore
import FactwireRuntime
import Foundation
import Logging

/// `factwire bench queue`: ``QueueBenchmark``'s burn-down throughput, or pickup latency with `--latency`.
struct BenchQueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Burn down N no-op jobs (enqueue and process rates), or measure pickup latency with --latency."
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Jobs to burn down.") var jobs = 100_000
    @Option(help: "Worker runtimes (each with its own connection pool), in this process.") var workers = 2
    @Option(help: "Concurrent jobs per worker.") var concurrency = 512
    @Option(help: "Jobs per enqueue statement.") var batch = 10_000
    @Flag(help: "Measure enqueue-commit → handler-start latency instead.") var latency = false
    @Option(help: "Latency: jobs to enqueue one at a time.") var count = 300
    @Option(help: "Latency: jobs per second.") var rate = 20.0
    @Flag(help: "Do not send factwire_events notifications on completion.") var noEvents = false
    @Flag(help: "Delete completed jobs instead of keeping them in history, as pgmq's delete does.")
    var noHistory = false

    func validate() throws {
        guard jobs > 0, workers > 0, concurrency > 0, batch > 0, count > 0, rate > 0 else {
            throw ValidationError("--jobs, --workers, --concurrency, --batch, --count and --rate must be positive")
        }
    }

    func run() async throws {
        var quiet = global.makeLogger()
        quiet.logLevel = max(quiet.logLevel, .warning)
        let logger = quiet
        var configuration = QueueBenchmark.Configuration()
        configuration.jobs = jobs
        configuration.batch = batch
        configuration.workers = workers
        configuration.concurrency = concurrency
        configuration.count = count
        configuration.rate = rate
        configuration.events = !noEvents
        configuration.keepCompletedJobs = !noHistory
        let latency = self.latency
        let settings = configuration
        try await global.withDatabase(logger: logger, connections: 8) { session in
            let benchmark = QueueBenchmark(
                configuration: settings, client: session.client, database: session.configuration, logger: logger)
            print(
                try latency
                    ? JSONCoding.string(await benchmark.latency()) : JSONCoding.string(await benchmark.throughput()))
        }
    }
}
