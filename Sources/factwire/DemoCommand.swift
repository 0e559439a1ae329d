import ArgumentParser
import FactwireBench
import FactwireExtract
import FactwireIngest
import FactwireQueue
import FactwireRuntime
import FactwireStore
import Foundation
import Logging
import PostgresNIO

/// `factwire demo [PATH...]`: the whole path on one machine, with nothing set up beforehand.
///
/// Starts the embedded cluster (unless `DATABASE_URL` is set), migrates, starts two ingest workers in
/// this process, submits the sample documents written for the project (plain text, HTML, JSON) and
/// any PATHs given, waits until every one is ingested or refused, prints the articles and a facts
/// table, and stops everything it started.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run Factwire end to end (embedded PostgreSQL, queue, ingest workers) and show what it did."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "More files or folders to ingest besides the samples.") var paths: [String] = []

    func run() async throws {
        let logger = global.makeLogger()
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .warning)
        let workerLogger = quiet
        let inputs = try DocumentFile.collectingUsageErrors(paths)
        // The samples go to a home of their own unless one is chosen: they must not mix into a user's data.
        var global = self.global
        let ownHome =
            global.resolvedDatabaseURL == nil && global.home == nil
            && (global.environment["FACTWIRE_HOME"] ?? "").isEmpty
        if ownHome { global.home = Demo.home }
        let location =
            global.resolvedDatabaseURL == nil
            ? "the embedded cluster in \(global.resolvedHome) (remove it with: rm -rf \(global.resolvedHome))"
            : "the database of DATABASE_URL (the sample documents are ordinary documents there)"
        try await DatabaseSession.with(global, logger: logger, maximumConnections: 12) { session in
            print("factwire demo")
            print("  database    \(session.summary)")
            let migrator = Migrator(logger: logger)
            let applied = try await migrator.migrate(client: session.client)
            let names = applied.isEmpty ? "none pending" : applied.map(\.identifier).joined(separator: ", ")
            print("  migrations  schema at version \(migrator.latestVersion); applied now: \(names)")

            try await Demo.run(
                client: session.client, files: inputs, logger: logger, workerLogger: workerLogger
            ) { print($0) }
        }
        print("  done        no server left running by this command; the data is in \(location)")
    }
}
