import ArgumentParser
import FactwireRuntime
import FactwireStore
import Foundation
import Logging

/// Options every database-using command shares. Each flag falls back to an environment variable
/// (12-factor), because ArgumentParser has no environment fallback of its own.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("PostgreSQL URL (env DATABASE_URL). Absent: the embedded cluster.", valueName: "url"))
    var databaseURL: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Folder of the embedded cluster (env FACTWIRE_HOME; default .factwire).", valueName: "dir"))
    var home: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Folder with initdb/pg_ctl/postgres (env FACTWIRE_PG_BIN; default: searched).", valueName: "dir"))
    var pgBin: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "trace, debug, info, notice, warning, error, critical (env LOG_LEVEL; default notice).", valueName: "level")
    )
    var logLevel: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A direct PostgreSQL URL for this process's one LISTEN session, when --database-url goes through PgBouncer in transaction mode (env DATABASE_LISTEN_URL).",
            valueName: "url"))
    var databaseListenURL: String?

    @Flag(
        name: .long,
        help:
            "The database URL is PgBouncer in transaction mode (env FACTWIRE_PGBOUNCER=1; or pgbouncer=true in the URL): no named prepared statements, LISTEN only on --database-listen-url."
    )
    var pgbouncer = false

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// `--database-url`, else `DATABASE_URL`; empty counts as unset.
    var resolvedDatabaseURL: String? {
        (databaseURL ?? environment["DATABASE_URL"]).nonEmpty
    }

    var resolvedHome: String { home ?? environment["FACTWIRE_HOME"].nonEmpty ?? ".factwire" }

    var resolvedPgBin: String? { pgBin ?? environment["FACTWIRE_PG_BIN"].nonEmpty }

    /// Where the database is, as the flags and environment say.
    var location: DatabaseLocation {
        DatabaseLocation(
            url: resolvedDatabaseURL, environment: environment, home: resolvedHome, pgBin: resolvedPgBin,
            listenURL: (databaseListenURL ?? environment["DATABASE_LISTEN_URL"]).nonEmpty,
            pgbouncer: pgbouncer || ["1", "true", "on"].contains(environment["FACTWIRE_PGBOUNCER"]?.lowercased() ?? ""))
    }

    func validate() throws {
        if let level = logLevel ?? environment["LOG_LEVEL"], Logger.Level(rawValue: level.lowercased()) == nil {
            throw ValidationError(
                "log level '\(level)' is not one of trace, debug, info, notice, warning, error, critical")
        }
    }

    /// Sets up swift-log once for the process (standard error, the chosen level) and returns a logger.
    func makeLogger(label: String = "factwire") -> Logger {
        let level =
            (logLevel ?? environment["LOG_LEVEL"]).flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .notice
        LoggingBootstrap.once()
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
