import ArgumentParser
import EmbeddedPostgres
import FactwireRuntime
import FactwireStore
import Foundation

/// `factwire db`: look after the embedded cluster by hand (for psql sessions and analysts).
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Start, stop or locate the embedded PostgreSQL cluster.",
        subcommands: [Start.self, Stop.self, Status.self]
    )

    static func cluster(_ global: GlobalOptions, keepRunning: Bool) -> EmbeddedPostgres {
        var configuration = EmbeddedPostgres.Configuration(home: global.resolvedHome)
        configuration.binDirectory = global.resolvedPgBin
        configuration.stopWhenProcessExits = !keepRunning
        return EmbeddedPostgres(configuration: configuration, logger: global.makeLogger())
    }

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

    struct Stop: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the embedded cluster, whoever started it.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let cluster = DatabaseCommand.cluster(global, keepRunning: false)
            let stopped = try await cluster.stopRunningServer()
            print(stopped ? "stopped" : "not running")
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say whether the embedded cluster is running, and where.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let cluster = DatabaseCommand.cluster(global, keepRunning: false)
            if let endpoint = cluster.runningEndpoint() {
                // The URL as psql takes it, password included (the same as `db start` prints).
                print("running: \(endpoint.url)")
                print("  psql '\(endpoint.url)'")
                print("  unix socket: \(endpoint.socketDirectory)/.s.PGSQL.\(endpoint.port)")
            } else {
                print("not running (data in \(cluster.paths.data))")
                throw ExitCode(3)
            }
        }
    }
}
