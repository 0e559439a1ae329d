import ArgumentParser
import FactwireIngest
import FactwireObservability
import FactwireQueue
import FactwireRuntime
import FactwireStore
import Foundation
import Logging
import ServiceLifecycle

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
    @Option(help: ArgumentHelp("Append one JSON line per worker event to this file.", valueName: "path"))
    var eventsFile: String?
    @Option(
        help: ArgumentHelp(
            "Serve /metrics and /healthz over plain HTTP on HOST:PORT (env FACTWIRE_METRICS_LISTEN); off when unset.",
            valueName: "host:port"))
    var metricsListen: String? = ProcessInfo.processInfo.environment["FACTWIRE_METRICS_LISTEN"].flatMap {
        $0.isEmpty ? nil : $0
    }

    @Option(
        help: ArgumentHelp(
            "Queue articles of older extractor versions for extraction again on this cron schedule, e.g. '0 3 * * *' (env FACTWIRE_REPROCESS_SCHEDULE); off when unset.",
            valueName: "cron"))
    var reprocessSchedule: String? = ProcessInfo.processInfo.environment["FACTWIRE_REPROCESS_SCHEDULE"].flatMap {
        $0.isEmpty ? nil : $0
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
        if let eventsFile {
            let log = try WorkerEventLog(path: eventsFile)
            configuration.observer = { log.append($0) }
        }
        let workerConfiguration = configuration
        let worker = self.worker
        let poolSize = max(worker.poolSize, min(concurrency + 4, 32))
        try await DatabaseSession.with(global, logger: logger, maximumConnections: poolSize, trapSignals: false) {
            session in
            try await Migrator.prepareForService(session: session, logger: logger, migrate: !worker.noMigrate)
            var registry = JobRegistry()
            registry.register(IngestHandler(client: session.client))
            registry.register(ReprocessHandler(client: session.client))
            let jobWorker = JobWorker(
                session: session, registry: registry, configuration: workerConfiguration, logger: logger)
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: jobWorker)]
            if let metricsAddress {
                services.append(
                    .init(service: MetricsServer(host: metricsAddress.host, port: metricsAddress.port, logger: logger)))
            }
            services.append(.init(service: SystemdService()))
            // First in, last out: the exporter flushes the spans of the others' shutdown.
            if let tracing { services.insert(.init(service: tracing), at: 0) }
            var groupConfiguration = ServiceGroupConfiguration(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
            )
            groupConfiguration.maximumGracefulShutdownDuration = workerConfiguration.drainTimeout + .seconds(10)
            logger.info("ingest worker running", metadata: ["queues": "\(workerConfiguration.queues)"])
            try await ShutdownDeadline.run(
                groupConfiguration, budget: workerConfiguration.drainTimeout + .seconds(15), logger: logger)
        }
    }
}
