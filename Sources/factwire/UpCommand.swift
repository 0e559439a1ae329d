import ArgumentParser
import FactwireAPI
import FactwireIngest
import FactwireObservability
import FactwireQueue
import FactwireRuntime
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// `factwire up`: both workers in one process on the embedded cluster (or DATABASE_URL), with the
/// development certificates of `certs init` (made on first use), for trying the API on one machine.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract:
            "Serve the ingest worker and the HTTPS API together (development), with certificates from `certs init`."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var tls: TLSOptions

    func run() async throws {
        let logger = global.makeLogger()
        OpenFileLimit.raise()
        FactwireMetrics.bootstrap(help: QueueMetricHelp.texts.merging(IngestHandler.metricHelp) { $1 })
        let tracing = try TracingBootstrap.service(serviceName: "factwire", logger: logger)
        let directory = (global.resolvedHome as NSString).appendingPathComponent("tls")
        if !FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("server.pem")) {
            try DevelopmentCertificates.create(in: directory)
        }
        let configuration = try tls.configuration(defaultDirectory: directory)
        let signals = SignalRecorder()
        defer { signals.cancel() }
        try await global.withDatabase(logger: logger, connections: 32, trapSignals: false) { session in
            var registry = JobRegistry()
            registry.register(IngestHandler(client: session.client))
            let ingest = JobWorker(
                client: session.client, registry: registry,
                configuration: JobWorker.Configuration(queues: [IngestHandler.queue: 4]).probing(
                    session, logger: logger), logger: logger)
            var configuration = configuration
            configuration.database = session.configuration
            configuration.tracing = tracing != nil
            let api = QueryWorker(configuration: configuration, primary: session.client, logger: logger) {
                [configuration] port in
                // Written straight to the file descriptor: print() is block-buffered when stdout is a file or pipe.
                FileHandle.standardOutput.write(
                    Data(
                        """
                        factwire up: ingest worker and HTTPS API on https://\(configuration.host):\(port) (Ctrl-C to stop)
                        try:
                          curl --cacert \(directory)/ca.pem --cert \(directory)/client-ingest.pem --key \(directory)/client-ingest-key.pem \\
                               -H 'Content-Type: text/plain' --data-binary @article.txt 'https://localhost:\(port)/v1/documents?wait=10s'
                          curl --cacert \(directory)/ca.pem --cert \(directory)/client-read.pem --key \(directory)/client-read-key.pem \\
                               'https://localhost:\(port)/v1/facts?limit=10'
                        dashboard: https://localhost:\(port)/ in a browser holding a client certificate, e.g.
                          openssl pkcs12 -export -in \(directory)/client-admin.pem -inkey \(directory)/client-admin-key.pem -out admin.p12
                          (import admin.p12 into the browser and trust \(directory)/ca.pem; see the README, "The dashboard")

                        """.utf8))
            }
            var group = ServiceGroupConfiguration(
                services: (tracing.map { [.init(service: $0)] } ?? []) + [.init(service: ingest), .init(service: api)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
            )
            group.maximumGracefulShutdownDuration = .seconds(15)
            do {
                try await ShutdownDeadline.run(group, budget: .seconds(20), logger: logger)
            } catch {
                throw AddressInUse.named(error, address: tls.listen, option: "--listen")
            }
        }
        // Stopped by Ctrl-C or SIGTERM after a clean shutdown: the shell's convention for an interrupted command.
        if let status = signals.exitStatus { throw ExitCode(status) }
    }
}
