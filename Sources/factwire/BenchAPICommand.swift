import ArgumentParser
import FactwireBench
import FactwireCore
import FactwireRuntime
import FactwireStore
import Foundation
import Logging

/// `factwire bench api`: ``APIBenchmark``, requests/s and latency of the HTTPS API over TLS keep-alive.
struct BenchAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "HTTPS API requests/s and latency (fact lookup by company, article by id) over TLS keep-alive."
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Concurrent keep-alive connections.") var connections = 64
    @Option(help: "Seconds per measured route.") var seconds = 10.0
    @Option(help: "Generated articles to load first.") var documents = 500

    func run() async throws {
        var quiet = global.makeLogger()
        quiet.logLevel = max(quiet.logLevel, .warning)
        let logger = quiet
        var configuration = APIBenchmark.Configuration()
        configuration.connections = connections
        configuration.seconds = seconds
        configuration.documents = documents
        let settings = configuration
        try await DatabaseSession.with(global, logger: logger, maximumConnections: 40) { session in
            try await Migrator.prepareForService(session: session, logger: logger, migrate: true)
            let benchmark = APIBenchmark(
                configuration: settings, client: session.client, database: session.configuration, logger: logger)
            print(try JSONCoding.string(await benchmark.run()))
        }
    }
}
