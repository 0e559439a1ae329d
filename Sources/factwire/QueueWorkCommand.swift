import ArgumentParser
import FactwireQueue
import FactwireRuntime
import Foundation
import Logging

/// `factwire queue work`: a worker process for the built-in diagnostic job kinds
/// (`factwire.noop`, `factwire.sleep`, `factwire.fail`), for drills, benchmarks and fault tests.
/// The ingest worker (`factwire ingest-worker`) runs the same runtime with the article handlers.
struct QueueWorkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "work",
        abstract: "Run a queue worker with the built-in diagnostic job kinds until SIGTERM/SIGINT."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var worker: WorkerOptions

    @Option(
        name: .customLong("every"),
        help: ArgumentHelp(
            "Also enqueue KIND every SECONDS (one run per tick across all workers; repeatable).",
            valueName: "KIND=SECONDS"))
    var periodic: [String] = []

    /// `--every` values as periodic jobs named after their kind, enqueued to `queue`.
    static func periodicJobs(_ values: [String], queue: String = "default") throws -> [PeriodicJob] {
        do {
            return try values.map { try PeriodicJob(every: $0, queue: queue) }
        } catch {
            throw ValidationError("--every: \(error)")
        }
    }

    func validate() throws { _ = try Self.periodicJobs(periodic) }

    func run() async throws {
        let logger = global.makeLogger()
        var handlers = JobRegistry()
        DiagnosticHandlers.register(in: &handlers)
        let registry = handlers
        var configuration = try worker.configuration()
        configuration.periodicJobs = try Self.periodicJobs(
            periodic, queue: configuration.queues.keys.sorted().first ?? "default")
        let workerConfiguration = configuration
        let worker = self.worker
        try await global.withDatabase(
            logger: logger, connections: worker.poolSize, migrate: !worker.noMigrate, trapSignals: false
        ) { session in
            let jobWorker = JobWorker(
                session: session, registry: registry, configuration: workerConfiguration, logger: logger)
            try await WorkerProcess.run(jobWorker, drainTimeout: workerConfiguration.drainTimeout, logger: logger)
        }
    }
}
