import ArgumentParser
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

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// `--database-url`, else `DATABASE_URL`; empty counts as unset.
    var resolvedDatabaseURL: String? {
        (databaseURL ?? environment["DATABASE_URL"]).flatMap { $0.isEmpty ? nil : $0 }
    }

    var resolvedHome: String { home ?? environment["FACTWIRE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ".factwire" }

    var resolvedPgBin: String? { pgBin ?? environment["FACTWIRE_PG_BIN"].flatMap { $0.isEmpty ? nil : $0 } }

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
        LoggingBootstrap.once(level: level)
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}

/// `LoggingSystem.bootstrap` may run once per process.
enum LoggingBootstrap {
    private static let done: Void = {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .trace
            return handler
        }
    }()

    static func once(level: Logger.Level) {
        _ = done
    }
}
