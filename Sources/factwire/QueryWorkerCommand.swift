import ArgumentParser
import FactwireAPI
import FactwireIngest
import FactwireObservability
import FactwireQueue
import FactwireRuntime
import FactwireStore
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// `factwire query-worker`: the HTTPS API.
struct QueryWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query-worker",
        abstract:
            "Serve the HTTPS API (TLS, optional mutual TLS) until SIGTERM/SIGINT; run any number behind a load balancer."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var tls: TLSOptions
    @Flag(help: "Do not migrate at start; refuse to run if the schema is behind.") var noMigrate = false
    @Option(
        help: ArgumentHelp(
            "Database connections in the pool (env DATABASE_POOL_SIZE; default 4 per core, at least 8, plus the LISTEN session).",
            valueName: "n"))
    var poolSize = QueryWorkerCommand.defaultPoolSize
    @Option(
        help: ArgumentHelp(
            "A read replica (DATABASE_READ_URL) further behind the primary than this serves no reads until it catches up (env DATABASE_READ_MAX_LAG_SECONDS).",
            valueName: "seconds"))
    var readMaxLagSeconds: Double =
        ProcessInfo.processInfo.environment["DATABASE_READ_MAX_LAG_SECONDS"].flatMap(Double.init) ?? 10

    func validate() throws {
        guard readMaxLagSeconds >= 0 else { throw ValidationError("--read-max-lag-seconds cannot be negative") }
    }

    /// More connections than PostgreSQL has cores to run them only queue inside the server and add
    /// context switches: 4 per core leaves room for requests that wait on I/O; one more for LISTEN.
    static var defaultPoolSize: Int {
        if let text = ProcessInfo.processInfo.environment["DATABASE_POOL_SIZE"], let size = Int(text), size > 1 {
            return size
        }
        return max(8, 4 * ProcessInfo.processInfo.activeProcessorCount) + 1
    }

    func run() async throws {
        let logger = global.makeLogger()
        OpenFileLimit.raise()
        FactwireMetrics.bootstrap(help: QueueMetricHelp.texts.merging(IngestHandler.metricHelp) { $1 })
        let tracing = try TracingBootstrap.service(serviceName: "factwire-query-worker", logger: logger)
        let configuration = try tls.configuration()
        let noMigrate = self.noMigrate
        let replica = try DatabaseConfiguration.readReplica(environment: ProcessInfo.processInfo.environment)
        try await global.withDatabase(logger: logger, connections: poolSize, migrate: !noMigrate, trapSignals: false) {
            session in
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
            var replicaPool: (client: PostgresClient, database: DatabaseConfiguration)?
            if let replica {
                let (direct, relay) = try await DatabaseSession.connectable(replica, logger: logger)
                if let relay { services.append(.init(service: RelayService(relay: relay))) }
                let client = PostgresClient(
                    configuration: try direct.clientConfiguration(maximumConnections: 24), backgroundLogger: logger)
                services.append(.init(service: ClientService(client: client)))
                replicaPool = (client, direct)
            }
            let reads = ReadRouter(
                primary: session.client, replica: replicaPool, maximumLag: .seconds(readMaxLagSeconds), logger: logger)
            var configuration = configuration
            configuration.database = session.configuration
            configuration.tracing = tracing != nil
            let worker = QueryWorker(
                configuration: configuration, primary: session.client, reads: reads,
                events: session.listener.map { .listen($0) } ?? .polling,
                logger: logger
            ) { [configuration] port in
                logger.notice(
                    "query worker listening",
                    metadata: [
                        "address": "https://\(configuration.host):\(port)",
                        "mutual_tls": "\(configuration.clientCAPath != nil)"
                    ])
                SystemdNotifier.notify("READY=1")
            }
            services += [
                .init(service: reads), .init(service: worker), .init(service: SystemdService(readyOnStart: false))
            ]
            // First in, last out: the exporter flushes the spans of the others' shutdown.
            if let tracing { services.insert(.init(service: tracing), at: 0) }
            var group = ServiceGroupConfiguration(
                services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            group.maximumGracefulShutdownDuration = .seconds(15)
            do {
                try await ShutdownDeadline.run(group, budget: .seconds(20), logger: logger)
            } catch {
                throw AddressInUse.named(error, address: tls.listen, option: "--listen")
            }
        }
    }
}
