import ArgumentParser
import FactwireIngest
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

extension DatabaseSession {
    /// A session on the command line's database. `trapSignals`: on SIGINT/SIGTERM, stop the embedded
    /// cluster and exit 130 or 143 (commands that run a service group pass false: the group drains).
    static func with<T: Sendable>(
        _ options: GlobalOptions, logger: Logger, maximumConnections: Int = 20, trapSignals: Bool = true,
        _ body: @Sendable (DatabaseSession) async throws -> T
    ) async throws -> T {
        let exitOnSignal: @Sendable (Int32) -> Void = { signal in exit(128 + signal) }
        return try await with(
            options.location, logger: logger, maximumConnections: maximumConnections,
            onSignal: trapSignals ? exitOnSignal : nil, body)
    }
}

extension GlobalOptions {
    /// Runs `body` on the command line's database, migrated first (`migrate: false`: only checked to be current),
    /// as every command that uses the database starts. `trapSignals` as in ``DatabaseSession/with(_:logger:maximumConnections:trapSignals:_:)``.
    func withDatabase<T: Sendable>(
        logger: Logger, connections: Int = 2, migrate: Bool = true, trapSignals: Bool = true,
        _ body: @Sendable (DatabaseSession) async throws -> T
    ) async throws -> T {
        try await DatabaseSession.with(
            self, logger: logger, maximumConnections: connections, trapSignals: trapSignals
        ) { session in
            try await Migrator.prepareForService(session: session, logger: logger, migrate: migrate)
            return try await body(session)
        }
    }
}

extension DocumentFile {
    /// ``collect(_:)``, with a path that does not exist reported as a usage error (exit 2), as a bad
    /// flag is.
    static func collectingUsageErrors(_ paths: [String]) throws -> [DocumentFile] {
        do {
            return try collect(paths)
        } catch {
            throw ValidationError(error.message)
        }
    }
}

extension Optional where Wrapped == String {
    /// nil for an empty string: an environment variable set to "" counts as unset.
    var nonEmpty: String? { self.flatMap { $0.isEmpty ? nil : $0 } }
}
