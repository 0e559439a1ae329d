public import EmbeddedPostgres
public import FactwireStore
public import PostgresNIO

/// The exit codes of `factwire`, documented in the README.
public enum ExitStatus: Int32, Sendable {
    /// Everything worked.
    case success = 0
    /// The command ran and failed (a migration failed, some documents failed, …).
    case failure = 1
    /// Bad flags, arguments or subcommand.
    case usage = 2
    /// The database cannot be reached or refused us (wrong URL, password, TLS, down).
    case databaseUnavailable = 3
    /// The database schema does not fit this binary (pending with --no-migrate, edited migration).
    case schemaMismatch = 4
    /// No `DATABASE_URL`, and PostgreSQL's server programs are not installed.
    case postgresNotInstalled = 69
}

/// An error that knows which exit status it deserves.
public protocol ExitStatusProviding: Error {
    var exitStatus: ExitStatus { get }
    var exitMessage: String { get }
}

extension EmbeddedPostgresError: ExitStatusProviding {
    public var exitStatus: ExitStatus { code == .binariesNotFound ? .postgresNotInstalled : .databaseUnavailable }
    public var exitMessage: String { details.map { "\(message)\n\($0)" } ?? message }
}

extension DatabaseConfigurationError: ExitStatusProviding {
    public var exitStatus: ExitStatus { .databaseUnavailable }
    public var exitMessage: String { message }
}

extension MigrationError: ExitStatusProviding {
    public var exitStatus: ExitStatus {
        switch code {
        case .schemaBehind, .checksumMismatch, .unknownVersion: .schemaMismatch
        default: .failure
        }
    }
    public var exitMessage: String { message }
}

extension PSQLError: ExitStatusProviding {
    public var exitStatus: ExitStatus {
        switch code {
        case .connectionError, .serverClosedConnection: .databaseUnavailable
        default: .failure
        }
    }
    /// One line: the server's SQLSTATE and message, or what went wrong with the connection. The full
    /// dump (query, bindings, backtrace) is printed only with `LOG_LEVEL=debug`.
    public var exitMessage: String {
        guard let info = serverInfo else {
            let cause = underlying.map { ": \(String(describing: $0).split(separator: "\n").first ?? "")" } ?? ""
            return "database error (\(code))\(cause)"
        }
        var text = "database error \(info[.sqlState] ?? "?"): \(info[.message] ?? "")"
        if let detail = info[.detail] { text += " (\(detail))" }
        return text
    }
}

extension PostgresTransactionError: ExitStatusProviding {
    private var inner: (any Error)? { closureError ?? commitError ?? beginError }
    public var exitStatus: ExitStatus { (inner as? any ExitStatusProviding)?.exitStatus ?? .failure }
    public var exitMessage: String {
        (inner as? any ExitStatusProviding)?.exitMessage ?? String(describing: inner ?? self)
    }
}

extension AnalystRoleError: ExitStatusProviding {
    public var exitStatus: ExitStatus { .failure }
    public var exitMessage: String { description }
}

extension FXRateError: ExitStatusProviding {
    public var exitStatus: ExitStatus { .failure }
    public var exitMessage: String { description }
}
