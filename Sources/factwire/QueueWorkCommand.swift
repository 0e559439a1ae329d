import ArgumentParser
import FactwireQueue
import FactwireRuntime
import FactwireStore
import Foundation
import Logging
import ServiceLifecycle

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
        help: ArgumentHelp(
            "Append one JSON line per worker event (claimed, started, finished, …) to this file.", valueName: "path"))
    var eventsFile: String?

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
            throw ValidationError("--every takes \(error)")
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
        if let eventsFile {
            let log = try WorkerEventLog(path: eventsFile)
            configuration.observer = { log.append($0) }
        }
        let workerConfiguration = configuration
        let worker = self.worker
        try await DatabaseSession.with(global, logger: logger, maximumConnections: worker.poolSize, trapSignals: false)
        { session in
            try await Migrator.prepareForService(session: session, logger: logger, migrate: !worker.noMigrate)
            let jobWorker = JobWorker(
                session: session, registry: registry, configuration: workerConfiguration, logger: logger)
            var groupConfiguration = ServiceGroupConfiguration(
                services: [.init(service: jobWorker)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
            )
            // Drain budget plus time to write the last results; after that the group cancels the worker.
            groupConfiguration.maximumGracefulShutdownDuration = workerConfiguration.drainTimeout + .seconds(10)
            let group = ServiceGroup(configuration: groupConfiguration)
            try await group.run()
        }
    }
}
