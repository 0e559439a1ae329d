import ArgumentParser
import FactwireRuntime
import FactwireStore
import Foundation

extension DatabaseCommand {
    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the embedded cluster and leave it running; prints its URL (with password) for psql."
        )
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let cluster = DatabaseCommand.cluster(global, keepRunning: true)
            let wasRunning = cluster.runningEndpoint() != nil
            let endpoint = try await cluster.start()
            // The URL is for psql: its database and tables exist before it is printed, not only after the first
            // worker or command has run on the cluster.
            let logger = global.makeLogger()
            try await DatabaseConfiguration(url: endpoint.url).createDatabaseIfMissing(logger: logger)
            var location = global.location
            location.url = endpoint.url
            try await DatabaseSession.with(location, logger: logger, maximumConnections: 2, onSignal: nil) { session in
                try await Migrator.prepareForService(session: session, logger: logger, migrate: true)
            }
            print(endpoint.url)
            let note =
                wasRunning
                ? "already running, started by another process (factwire up or a worker, which may stop it when it exits; run db start again then)"
                : "left running after this command exits (stop it with: factwire db stop)"
            FileHandle.standardError.write(Data("\(note); connect with: psql '\(endpoint.url)'\n".utf8))
        }
    }
}
