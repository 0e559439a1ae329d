import ArgumentParser
import FactwireIngest
import FactwireObservability
import FactwireQueue
import FactwireRuntime
import Foundation
import Logging

/// `factwire ingest-worker`: turns queued documents into articles and facts, until SIGTERM/SIGINT.
///
/// Run any number of these on any number of machines against one database: jobs are claimed with
/// `FOR UPDATE SKIP LOCKED`, each result is committed with its job under the job's lease, and a
/// crashed worker's jobs run again elsewhere after the lease expires. On SIGTERM it stops claiming,
/// lets running jobs finish (`--drain-seconds`) and exits.
struct IngestWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest-worker",
        abstract: "Run an ingest worker: documents → articles and facts (scale out by running more)."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var worker: WorkerOptions
    @Option(help: "Documents extracted at once by this process (the 'ingest' queue's concurrency).")
    var concurrency = 8
    @Option(
        name: .customLong("metrics-listen"),
        help: ArgumentHelp(
            "Serve /metrics and /healthz over plain HTTP on HOST:PORT (env FACTWIRE_METRICS_LISTEN); off when unset.",
            valueName: "host:port"))
    var metricsListenOption: String?
    /// `--metrics-listen`, else a non-empty `FACTWIRE_METRICS_LISTEN`.
    var metricsListen: String? { metricsListenOption ?? global.environment["FACTWIRE_METRICS_LISTEN"].nonEmpty }

    @Option(
        name: .customLong("reprocess-schedule"),
        help: ArgumentHelp(
            "Queue articles of older extractor versions for extraction again on this cron schedule, e.g. '0 3 * * *' (env FACTWIRE_REPROCESS_SCHEDULE); off when unset.",
            valueName: "cron"))
    var reprocessScheduleOption: String?
    /// `--reprocess-schedule`, else a non-empty `FACTWIRE_REPROCESS_SCHEDULE`.
    var reprocessSchedule: String? {
        reprocessScheduleOption ?? global.environment["FACTWIRE_REPROCESS_SCHEDULE"].nonEmpty
    }
    @Option(help: ArgumentHelp("The time zone of --reprocess-schedule (default UTC).", valueName: "zone"))
    var reprocessTimeZone = "UTC"

    /// The nightly reprocess job, when scheduled.
    func reprocessJob() throws -> PeriodicJob? {
        guard let reprocessSchedule else { return nil }
        guard let zone = TimeZone(identifier: reprocessTimeZone) else {
            throw ValidationError("--reprocess-time-zone: unknown time zone '\(reprocessTimeZone)'")
        }
        return try ReprocessHandler.nightly(schedule: CronExpression(reprocessSchedule, timeZone: zone))
    }

    func validate() throws {
        _ = try reprocessJob()
        guard concurrency > 0, concurrency <= 1024 else { throw ValidationError("--concurrency must be 1…1024") }
        if let metricsListen { _ = try ListenAddress(metricsListen, option: "--metrics-listen") }
    }

    func run() async throws {
        let logger = global.makeLogger()
        FactwireMetrics.bootstrap(help: QueueMetricHelp.texts.merging(IngestHandler.metricHelp) { $1 })
        let tracing = try TracingBootstrap.service(serviceName: "factwire-ingest-worker", logger: logger)
        let metricsAddress = try metricsListen.map { try ListenAddress($0, option: "--metrics-listen") }
        var configuration = try worker.configuration(defaultQueues: [IngestHandler.queue: concurrency])
        configuration.periodicJobs = try reprocessJob().map { [$0] } ?? []
        let workerConfiguration = configuration
        let worker = self.worker
        let poolSize = max(worker.poolSize, min(concurrency + 4, 32))
        try await global.withDatabase(
            logger: logger, connections: poolSize, migrate: !worker.noMigrate, trapSignals: false
        ) { session in
            var registry = JobRegistry()
            registry.register(IngestHandler(client: session.client))
            registry.register(ReprocessHandler(client: session.client))
            let jobWorker = JobWorker(
                session: session, registry: registry, configuration: workerConfiguration, logger: logger)
            let metrics = metricsAddress.map { MetricsServer(host: $0.host, port: $0.port, logger: logger) }
            logger.info("ingest worker running", metadata: ["queues": "\(workerConfiguration.queues)"])
            try await WorkerProcess.run(
                jobWorker, drainTimeout: workerConfiguration.drainTimeout, first: tracing.map { [$0] } ?? [],
                beside: metrics.map { [$0] } ?? [], logger: logger)
        }
    }
}
