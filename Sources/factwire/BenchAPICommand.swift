import ArgumentParser
import FactwireBench
import FactwireCore
import FactwireRuntime
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
    @Flag(
        help: """
            Load with wrk (a separate process, bearer token) and run each route's SQL with pgbench on the same \
            database; prints both rates and their ratio.
            """) var external = false
    @Option(help: "With --external: wrk threads and pgbench threads.") var threads = 2
    @Option(help: "With --external: pgbench clients.") var pgbenchClients = 16
    @Option(help: "Database connections of the query worker's pool (default: as query-worker sizes it).")
    var poolSize = QueryWorkerCommand.defaultPoolSize

    func run() async throws {
        var quiet = global.makeLogger()
        quiet.logLevel = max(quiet.logLevel, .warning)
        let logger = quiet
        var inProcess = APIBenchmark.Configuration()
        inProcess.connections = connections
        inProcess.seconds = seconds
        inProcess.documents = documents
        var outside = ExternalAPIBenchmark.Configuration()
        outside.connections = connections
        outside.seconds = seconds
        outside.documents = documents
        outside.threads = threads
        outside.pgbenchClients = pgbenchClients
        let (settings, externalSettings, external) = (inProcess, outside, external)
        try await global.withDatabase(logger: logger, connections: poolSize) { session in
            let (client, database) = (session.client, session.configuration)
            if external {
                let benchmark = ExternalAPIBenchmark(
                    configuration: externalSettings, client: client, database: database, logger: logger)
                print(try JSONCoding.string(await benchmark.run()))
            } else {
                let benchmark = APIBenchmark(
                    configuration: settings, client: client, database: database, logger: logger)
                print(try JSONCoding.string(await benchmark.run()))
            }
        }
    }
}
